package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class RuleSetLoaderTest {
    private final RuleSetLoader loader = new RuleSetLoader();

    @TempDir
    Path rules;

    @Test
    void loadsAValidRuleSetWithItsRulesDecisionsAndAVersionMadeOfPackAndHash() throws IOException {
        write("pack/greeting.drl", TestRules.GREETING_DRL);
        write("pack/Yes.dmn", TestRules.YES_DMN);

        RuleSet ruleSet = loader.loadFolder(rules);

        assertThat(ruleSet.version()).matches("pack@[0-9a-f]{12}");
        assertThat(ruleSet.rules()).containsExactly(new RuleInfo("Greet every customer", "T-1", "pack/greeting.drl", 5));
        assertThat(ruleSet.decisions()).containsExactly("Yes/Answer");
        assertThat(ruleSet.decisionTableRows()).extracting(DecisionTableRow::id)
                .containsExactly("Yes/Answer#_row_yes", "Yes/Answer#_row_no");
        assertThat(ruleSet.files()).extracting(RuleFile::path).containsExactly("pack/Yes.dmn", "pack/greeting.drl");
    }

    @Test
    void theVersionChangesWithTheContentAndStaysWithTheSameContent() throws IOException {
        write("pack/greeting.drl", TestRules.GREETING_DRL);
        String first = loader.loadFolder(rules).version();
        String again = loader.loadFolder(rules).version();
        write("pack/greeting.drl", TestRules.GREETING_DRL.replace("Hello", "Hi"));

        assertThat(again).isEqualTo(first);
        assertThat(loader.loadFolder(rules).version()).isNotEqualTo(first);
    }

    @Test
    void refusesADrlSyntaxErrorWithFileAndLine() throws IOException {
        write("pack/broken.drl", """
                package test;
                import com.policydesk.model.*;

                rule "Broken" @policy("T-1")
                when
                    Customer( id == )
                then
                end
                """);

        RuleSetException refused = catchThrowableOfType(RuleSetException.class, () -> loader.loadFolder(rules));

        assertThat(refused.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem.file()).isEqualTo("pack/broken.drl"));
        assertThat(refused.problems()).extracting(RuleSetProblem::line).contains(6);
        assertThat(refused.code()).isEqualTo("invalid_ruleset");
    }

    @Test
    void refusesARuleWithoutPolicyMetadataNamingTheRuleAndItsLine() throws IOException {
        write("pack/anonymous.drl", """
                package test;
                import com.policydesk.model.*;

                rule "No policy here"
                when
                    Customer()
                then
                end
                """);

        assertThatThrownBy(() -> loader.loadFolder(rules))
                .isInstanceOfSatisfying(RuleSetException.class, refused -> assertThat(refused.problems())
                        .containsExactly(new RuleSetProblem("pack/anonymous.drl", 4,
                                "rule 'No policy here' has no @policy(\"…\") metadata naming the policy statement it implements")));
    }

    @Test
    void refusesADmnModelWithAFeelSyntaxError() throws IOException {
        write("pack/Yes.dmn", TestRules.YES_DMN.replace("\"yes\"", "\"yes\" +* ("));

        RuleSetException refused = catchThrowableOfType(RuleSetException.class, () -> loader.loadFolder(rules));

        assertThat(refused.problems()).isNotEmpty()
                .allSatisfy(problem -> assertThat(problem.file()).isEqualTo("pack/Yes.dmn"));
    }

    @Test
    void refusesMalformedDmnXmlWithoutThrowingAnythingElse() throws IOException {
        write("pack/Yes.dmn", TestRules.YES_DMN.substring(0, TestRules.YES_DMN.length() / 2));

        RuleSetException refused = catchThrowableOfType(RuleSetException.class, () -> loader.loadFolder(rules));

        assertThat(refused.problems()).hasSize(1);
        assertThat(refused.problems().get(0).file()).isEqualTo("pack/Yes.dmn");
        assertThat(refused.problems().get(0).message()).startsWith("DMN cannot be read");
    }

    @Test
    void refusesAFolderWithoutRuleFiles() throws IOException {
        write("pack/notes.txt", "nothing to load");

        assertThatThrownBy(() -> loader.loadFolder(rules))
                .isInstanceOf(RuleSetException.class)
                .hasMessageContaining("holds no .drl or .dmn file");
    }

    @Test
    void refusesAGlobalTheEngineDoesNotProvide() throws IOException {
        write("pack/global.drl", """
                package test;
                global java.util.List results;
                """);

        assertThatThrownBy(() -> loader.loadFolder(rules))
                .isInstanceOf(RuleSetException.class)
                .hasMessageContaining("global 'results' of type java.util.List is not provided");
    }

    @Test
    void refusesAnEngineGlobalDeclaredWithAnotherType() throws IOException {
        write("pack/global.drl", """
                package test;
                global java.util.List findings;
                """);

        assertThatThrownBy(() -> loader.loadFolder(rules))
                .isInstanceOf(RuleSetException.class)
                .hasMessageContaining("global 'findings' of type java.util.List is not provided");
    }

    @Test
    void reportsEveryProblemOfEveryFileNotOnlyTheFirst() throws IOException {
        write("pack/a.drl", "package test;\nrule \"A\" @policy(\"T\") when Customer( id == ) then end\n");
        write("pack/Yes.dmn", "<definitions");

        RuleSetException refused = catchThrowableOfType(RuleSetException.class, () -> loader.loadFolder(rules));

        assertThat(refused.problems()).extracting(RuleSetProblem::file).contains("pack/a.drl", "pack/Yes.dmn");
    }

    private void write(String path, String content) throws IOException {
        Path file = rules.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
