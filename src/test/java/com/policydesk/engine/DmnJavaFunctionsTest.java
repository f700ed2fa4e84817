package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DmnJavaFunctionsTest {
    private static final String REFUSED = "calls Java (%s); DMN with external Java functions is refused unless "
            + "policydesk.dmn.allow-java-functions=true";

    /** A business knowledge model whose logic is a Java method: the DMN 1.2+ way to call Java. */
    private static final String JAVA_BKM_DMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20240513/MODEL/" id="_abs" name="Abs"
                         namespace="https://policydesk.example/dmn/test/Abs">
              <businessKnowledgeModel id="_bkm" name="absolute">
                <variable id="_bkm_var" name="absolute"/>
                <encapsulatedLogic id="_logic" kind="Java">
                  <formalParameter id="_p" name="n" typeRef="number"/>
                  <context id="_ctx">
                    <contextEntry><variable id="_c" name="class"/><literalExpression id="_l1"><text>"java.lang.Math"</text></literalExpression></contextEntry>
                  </context>
                </encapsulatedLogic>
              </businessKnowledgeModel>
            </definitions>
            """;

    /** FEEL's own syntax for the same, in a literal expression. */
    private static final String FEEL_EXTERNAL_DMN = """
            <?xml version="1.0" encoding="UTF-8"?>
            <definitions xmlns="https://www.omg.org/spec/DMN/20240513/MODEL/" id="_ext" name="Ext"
                         namespace="https://policydesk.example/dmn/test/Ext">
              <decision id="_d" name="Exit">
                <variable id="_d_var" name="Exit"/>
                <literalExpression id="_e">
                  <text>function() external { java: { class: "java.lang.System", method signature: "exit(int)" } }</text>
                </literalExpression>
              </decision>
            </definitions>
            """;

    @TempDir
    Path rules;

    @Test
    void findsAJavaFunctionOfABusinessKnowledgeModelWithItsLine() {
        assertThat(DmnJavaFunctions.find(file("pack/Abs.dmn", JAVA_BKM_DMN)))
                .containsExactly(new RuleSetProblem("pack/Abs.dmn", 6, REFUSED.formatted("a function of kind Java: encapsulatedLogic")));
    }

    @Test
    void findsTheDmn11DroolsKindJ() {
        String dmn11 = JAVA_BKM_DMN.replace("kind=\"Java\"", "xmlns:drools=\"http://www.drools.org/kie/dmn/1.1\" drools:kind=\"J\"");

        assertThat(DmnJavaFunctions.find(file("pack/Abs.dmn", dmn11))).hasSize(1);
    }

    @Test
    void findsAFeelExternalJavaFunction() {
        assertThat(DmnJavaFunctions.find(file("pack/Ext.dmn", FEEL_EXTERNAL_DMN)))
                .containsExactly(new RuleSetProblem("pack/Ext.dmn", 7, REFUSED.formatted("a FEEL external java function")));
    }

    @Test
    void findsNothingInAPlainTableNorAFeelFunction() {
        assertThat(DmnJavaFunctions.find(file("pack/Yes.dmn", TestRules.YES_DMN))).isEmpty();
        assertThat(DmnJavaFunctions.find(file("pack/Abs.dmn", JAVA_BKM_DMN.replace("kind=\"Java\"", "kind=\"FEEL\""))))
                .isEmpty();
    }

    @Test
    void leavesMalformedXmlToTheDmnCompiler() {
        assertThat(DmnJavaFunctions.find(file("pack/Bad.dmn", "<definitions><decision"))).isEmpty();
    }

    @Test
    void theLoaderRefusesADmnModelCallingJavaUnlessAllowed() throws IOException {
        Files.createDirectories(rules.resolve("pack"));
        Files.writeString(rules.resolve("pack/Yes.dmn"), TestRules.YES_DMN);
        Files.writeString(rules.resolve("pack/Ext.dmn"), FEEL_EXTERNAL_DMN);
        ClassLoader classLoader = getClass().getClassLoader();

        RuleSetException refused = catchThrowableOfType(RuleSetException.class,
                () -> new RuleSetLoader(Clock.systemUTC(), classLoader, CompileCache.none(), false).loadFolder(rules));
        List<RuleSetProblem> allowedProblems;
        try {
            new RuleSetLoader(Clock.systemUTC(), classLoader, CompileCache.none(), true).loadFolder(rules);
            allowedProblems = List.of();
        } catch (RuleSetException e) {
            allowedProblems = e.problems();
        }

        assertThat(refused.problems()).contains(new RuleSetProblem("pack/Ext.dmn", 7, REFUSED.formatted("a FEEL external java function")));
        assertThat(allowedProblems).extracting(RuleSetProblem::message).noneMatch(message -> message.contains("calls Java"));
    }

    private static RuleFile file(String path, String content) {
        return RuleFile.of(path, content.getBytes(StandardCharsets.UTF_8));
    }
}
