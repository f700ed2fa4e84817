package com.policydesk.engine;

import org.kie.api.definition.KiePackage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * Run by the build: compiles the DRL files of the project's rules/ folder into a compile cache entry that the
 * application carries, so that a service started on the bundled rules (or on a folder with the same files)
 * compiles nothing. Arguments: the rules folder, and the folder to write the entry to.
 */
public final class BundledRulesCompiler {
    private BundledRulesCompiler() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: BundledRulesCompiler <rules folder> <output folder>");
        }
        List<RuleFile> drlFiles = RuleFiles.fromFolder(Path.of(args[0])).stream().filter(RuleFile::isDrl).toList();
        Collection<KiePackage> packages = new RuleSetLoader().compilePackages(drlFiles);
        String key = CompileCache.key(drlFiles);
        CompileCache.writeBundled(Path.of(args[1]), key, packages);
        System.out.println("[policydesk] compiled " + drlFiles.size() + " DRL files of " + args[0] + " into "
                + Path.of(args[1]).resolve(CompileCache.fileName(key)));
    }
}
