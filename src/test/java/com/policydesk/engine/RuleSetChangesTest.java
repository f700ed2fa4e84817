package com.policydesk.engine;

import com.policydesk.engine.DecisionTableRow.Cell;
import com.policydesk.engine.RuleSetChanges.Change;
import com.policydesk.engine.RuleSetChanges.RowChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RuleSetChangesTest {
    private static final String EXTRA_ROW = """
                  <rule id="_row_maybe">
                    <inputEntry id="_row_maybe_in"><text>"perhaps"</text></inputEntry>
                    <outputEntry id="_row_maybe_out"><text>"maybe"</text></outputEntry>
                  </rule>
                </decisionTable>""";

    private final RuleSetLoader loader = new RuleSetLoader();

    @TempDir
    Path rules;

    @Test
    void listsTheChangedFilesAndTheTableRowsAddedOrChangedWithTheirOldAndNewCells() throws IOException {
        write("pack/greeting.drl", TestRules.GREETING_DRL);
        write("pack/Yes.dmn", TestRules.YES_DMN);
        RuleSet active = loader.loadFolder(rules);
        write("pack/Yes.dmn", TestRules.YES_DMN.replace("<text>\"yes\"</text>", "<text>\"sure\"</text>")
                .replace("</decisionTable>", EXTRA_ROW));
        RuleSet candidate = loader.loadFolder(rules);

        RuleSetChanges changes = RuleSetChanges.between(active, candidate);

        assertThat(changes.from()).isEqualTo(active.version());
        assertThat(changes.to()).isEqualTo(candidate.version());
        assertThat(changes.files()).extracting(RuleSetChanges.FileChange::path, RuleSetChanges.FileChange::change)
                .containsExactly(tuple("pack/Yes.dmn", Change.CHANGED));
        assertThat(changes.rows()).extracting(RowChange::id, RowChange::change)
                .containsExactly(tuple("Yes/Answer#_row_yes", Change.CHANGED), tuple("Yes/Answer#_row_maybe", Change.ADDED));
        RowChange changed = changes.rows().get(0);
        assertThat(changed.before().cells()).containsExactly(new Cell("question", "\"ask\""), new Cell("Answer", "\"yes\""));
        assertThat(changed.after().cells()).containsExactly(new Cell("question", "\"ask\""), new Cell("Answer", "\"sure\""));
        assertThat(changes.rows().get(1).before()).isNull();
        assertThat(changes.rows().get(1).after().index()).isEqualTo(3);
    }

    @Test
    void aRowMovedUpIsAChangeSinceTheFirstMatchingRowAnswers() throws IOException {
        write("pack/Yes.dmn", TestRules.YES_DMN);
        RuleSet active = loader.loadFolder(rules);
        write("pack/Yes.dmn", TestRules.YES_DMN.replace("<rule id=\"_row_yes\">", EXTRA_ROW.replace("</decisionTable>", "")
                + "<rule id=\"_row_yes\">"));
        RuleSet candidate = loader.loadFolder(rules);

        assertThat(RuleSetChanges.between(active, candidate).rows()).extracting(RowChange::id, RowChange::change)
                .containsExactly(tuple("Yes/Answer#_row_maybe", Change.ADDED), tuple("Yes/Answer#_row_yes", Change.CHANGED),
                        tuple("Yes/Answer#_row_no", Change.CHANGED));
    }

    @Test
    void theSameFilesMakeNoChanges() throws IOException {
        write("pack/Yes.dmn", TestRules.YES_DMN);

        RuleSetChanges changes = RuleSetChanges.between(loader.loadFolder(rules), loader.loadFolder(rules));

        assertThat(changes.files()).isEmpty();
        assertThat(changes.rows()).isEqualTo(List.of());
    }

    private void write(String path, String content) throws IOException {
        TestRules.write(rules, path, content);
    }
}
