package com.policydesk.engine;

import com.policydesk.error.RuleSetProblem;
import org.kie.api.KieBase;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderConfiguration;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.builder.KnowledgeBuilderResult;
import org.kie.internal.builder.ResultSeverity;
import org.kie.internal.builder.conf.ParallelRulesBuildThresholdOption;
import org.kie.internal.builder.conf.PropertySpecificOption;
import org.kie.internal.io.ResourceFactory;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;

import java.util.Collection;
import java.util.List;

/**
 * Compiles DRL files into packages, and packages into a rule base. The knowledge builder is used directly rather
 * than through a kjar (KieBuilder): a rule set is a list of files, not a Maven module, and the kjar's folder/package
 * convention only produced warnings.
 */
final class DrlCompiler {
    private static final System.Logger LOG = System.getLogger(DrlCompiler.class.getName());
    private final ClassLoader classLoader;

    DrlCompiler(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    /** The compiled packages, or null with every error added to {@code problems}. */
    Collection<KiePackage> compile(List<RuleFile> drlFiles, List<RuleSetProblem> problems) {
        KnowledgeBuilderConfiguration configuration = KnowledgeBuilderFactory.newKnowledgeBuilderConfiguration(null, classLoader);
        // Facts are immutable records that no rule modifies: property reactivity has nothing to track, and with it
        // on, MVEL warned about "class reactivity" for every constraint that joins two patterns.
        configuration.setOption(PropertySpecificOption.ALLOWED);
        // On the calling thread alone: a reload runs below the requests' priority, and the common pool Drools would
        // spread the rules over (beyond 10 rules) runs at theirs.
        configuration.setOption(ParallelRulesBuildThresholdOption.get(-1));
        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder(configuration);
        // One batch: a function or global declared in one file is used by rules in others, whatever the order.
        CompositeKnowledgeBuilder batch = builder.batch();
        for (RuleFile file : drlFiles) {
            Resource resource = ResourceFactory.newByteArrayResource(file.content());
            resource.setSourcePath(file.path());
            batch.add(resource, ResourceType.DRL);
        }
        batch.build();
        // Warnings are for the policy team to act on: each is logged with its file and line.
        for (KnowledgeBuilderResult warning : builder.getResults(ResultSeverity.WARNING)) {
            LOG.log(System.Logger.Level.WARNING, () -> fileOf(warning) + ":" + firstLine(warning) + ": " + warning.getMessage().strip());
        }
        if (!builder.hasErrors()) {
            return builder.getKnowledgePackages();
        }
        for (KnowledgeBuilderResult error : builder.getResults(ResultSeverity.ERROR)) {
            problems.add(new RuleSetProblem(fileOf(error), firstLine(error), error.getMessage().strip()));
        }
        return null;
    }

    /** A rule base made of compiled packages: freshly compiled, or read back from the compile cache. */
    KieBase newKieBase(Collection<KiePackage> packages) {
        KieBaseConfiguration configuration = KieServices.get().newKieBaseConfiguration(null, classLoader);
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(configuration);
        kieBase.addPackages(packages);
        return kieBase;
    }

    private static String fileOf(KnowledgeBuilderResult error) {
        Resource resource = error.getResource();
        return resource == null || resource.getSourcePath() == null ? "" : resource.getSourcePath();
    }

    private static int firstLine(KnowledgeBuilderResult error) {
        int[] lines = error.getLines();
        return lines == null || lines.length == 0 ? 0 : Math.max(lines[0], 0);
    }
}
