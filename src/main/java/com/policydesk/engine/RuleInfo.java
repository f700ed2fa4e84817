package com.policydesk.engine;

/**
 * A DRL rule of the rule set.
 *
 * @param name   the rule's unique name
 * @param policy the policy statement it implements ({@code @policy} metadata)
 * @param file   the file it is written in
 * @param line   the line of its {@code rule} declaration in that file, or 0 where not known
 */
public record RuleInfo(String name, String policy, String file, int line) {
}
