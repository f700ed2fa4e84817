package com.policydesk.engine;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RulePathTest {
    @Test
    void acceptsARuleFileInsideTheFolderAndResolvesItThere() {
        RulePath path = new RulePath("multichannel/AzureServicesInCsp.dmn");

        assertThat(path.in(Path.of("/srv/rules"))).isEqualTo(Path.of("/srv/rules/multichannel/AzureServicesInCsp.dmn"));
        assertThat(path.isDrl()).isFalse();
        assertThat(new RulePath("multichannel/azure.drl").isDrl()).isTrue();
    }

    @Test
    void refusesPathsThatLeaveTheFolder() {
        for (String path : new String[]{"../x.dmn", "multichannel/../../x.dmn", "a//b.dmn", "./x.dmn", "multichannel/.."}) {
            assertThatThrownBy(() -> new RulePath(path)).as(path).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("must stay inside the rules folder: no empty, '.' or '..' part");
        }
        assertThatThrownBy(() -> new RulePath("/etc/x.dmn")).hasMessage("must be relative to the rules folder");
    }

    @Test
    void refusesOtherFilesBackslashesSpacesAndNothing() {
        assertThatThrownBy(() -> new RulePath("multichannel/notes.txt")).hasMessage("must name a .dmn or .drl file");
        assertThatThrownBy(() -> new RulePath("multichannel\\x.dmn"))
                .hasMessage("may hold only letters, digits and . _ - / (at most 300)");
        assertThatThrownBy(() -> new RulePath("my table.dmn"))
                .hasMessage("may hold only letters, digits and . _ - / (at most 300)");
        assertThatThrownBy(() -> new RulePath(" ")).hasMessage("is required");
    }
}
