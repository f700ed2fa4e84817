package com.policydesk.engine;

import com.policydesk.error.RuleSetException;
import com.policydesk.error.RuleSetProblem;
import com.policydesk.error.RuleSetProblem.FeelExpression;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A FEEL syntax error in a table is reported at its cell: decision, row, column, text, and the cell's line. */
class DmnFeelProblemsTest {
    private static final Path TABLE = Path.of("rules/multichannel/AzureServicesInCsp.dmn");
    private static final String STORAGE_OUTPUT = "<outputEntry id=\"_rule_storage_offered\">\n          <text>true</text>";
    private static final String STORAGE_CLOUD = "<inputEntry id=\"_rule_storage_cloud\">\n          <text>&quot;GLOBAL&quot;,&quot;GERMANY&quot;</text>";

    private final RuleSetLoader loader = new RuleSetLoader();

    @TempDir
    Path rules;

    @Test
    void anOutputCellThatIsNoFeelIsNamedByDecisionRowColumnAndTextAtItsLine() throws IOException {
        String broken = Files.readString(TABLE).replace(STORAGE_OUTPUT, STORAGE_OUTPUT.replace("true", "true)"));

        RuleSetProblem problem = onlyProblem(broken);

        assertThat(problem.feel()).isEqualTo(new FeelExpression("Offered in CSP", 3, "Offered in CSP", "true)"));
        assertThat(problem.file()).isEqualTo("pack/AzureServicesInCsp.dmn");
        assertThat(problem.line()).isEqualTo(lineOf(broken, "<outputEntry id=\"_rule_storage_offered\">"));
        assertThat(problem.message()).isEqualTo("FEEL syntax error in decision 'Offered in CSP', row 3, column 'Offered in CSP': "
                + "true) (extraneous input ')' expecting <EOF>)");
    }

    @Test
    void anInputCellThatIsNoFeelIsNamedByItsInputColumn() throws IOException {
        String broken = Files.readString(TABLE).replace(STORAGE_CLOUD, STORAGE_CLOUD.replace("&quot;GERMANY&quot;", ""));

        RuleSetProblem problem = onlyProblem(broken);

        assertThat(problem.feel()).isEqualTo(new FeelExpression("Offered in CSP", 3, "cloud", "\"GLOBAL\","));
        assertThat(problem.line()).isEqualTo(lineOf(broken, "<inputEntry id=\"_rule_storage_cloud\">"));
    }

    @Test
    void aCellTheCompilerGivesUpOnWithoutSayingWhereIsFoundAndNamedAllTheSame() throws IOException {
        // For this text the DMN compiler builds no model: "Unable to compile DMN model for the resource".
        String broken = Files.readString(TABLE).replaceFirst("<text>true</text>", "<text>true +* (</text>");

        RuleSetProblem problem = onlyProblem(broken);

        assertThat(problem.feel()).isEqualTo(new FeelExpression("Offered in CSP", 1, "Offered in CSP", "true +* ("));
        assertThat(problem.line()).isEqualTo(lineOf(broken, "<outputEntry id=\"_rule_virtual_machines_offered\">"));
        assertThat(problem.message()).startsWith("FEEL syntax error in decision 'Offered in CSP', row 1, column 'Offered in CSP': true +* (");
    }

    @Test
    void problemsThatAreNotAboutFeelHaveNoFeelLocation() throws IOException {
        List<RuleSetProblem> problems = problems(TestRules.YES_DMN.replace("<requiredInput href=\"#_question\"/>",
                "<requiredInput href=\"#_nowhere\"/>"));

        assertThat(problems).filteredOn(problem -> problem.message().contains("Required input '_nowhere' not found"))
                .singleElement().satisfies(problem -> assertThat(problem.feel()).isNull());
    }

    private RuleSetProblem onlyProblem(String table) throws IOException {
        List<RuleSetProblem> problems = problems(table);
        assertThat(problems).as(problems.toString()).hasSize(1);
        return problems.get(0);
    }

    private List<RuleSetProblem> problems(String table) throws IOException {
        TestRules.write(rules, "pack/AzureServicesInCsp.dmn", table);
        return catchThrowableOfType(RuleSetException.class, () -> loader.loadFolder(rules)).problems();
    }

    /** The 1-based line the fragment starts on. */
    private static int lineOf(String text, String fragment) {
        int at = text.indexOf(fragment);
        assertThat(at).as(fragment).isNotNegative();
        return (int) text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
