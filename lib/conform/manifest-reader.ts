// SPDX-License-Identifier: Apache-2.0
import * as fs from 'node:fs';
import { ManifestDocument } from './manifest-document';
import { isPlainObject } from './crd/structural-schema';
import { YamlDocument, expandPaths, parseYaml, readYamlFile } from './common/yaml-files';

/**
 * Reads Kubernetes manifests from YAML or JSON, keeping where each object came from.
 */
export class ManifestReader {
  /**
   * Reads every object of the given files and directories (directories: their `.yaml`,
   * `.yml` and `.json` files, recursively, in sorted order; `-`: standard input). Empty documents are skipped and
   * `kind: List` documents are expanded into their items.
   *
   * @throws when a path does not exist or a file is not valid YAML; the message names the file and line
   */
  public static readFiles(paths: string[]): ManifestDocument[] {
    const out: ManifestDocument[] = [];
    for (const p of paths) {
      // `-` is standard input (`kubectl kustomize . | cdk8s-mesh matrix -`).
      if (p === '-') out.push(...ManifestReader.documents(parseYaml(fs.readFileSync(0, 'utf8'), '<stdin>'), '<stdin>'));
      else for (const file of expandPaths([p])) out.push(...ManifestReader.documents(readYamlFile(file), file));
    }
    return out;
  }

  /**
   * Parses objects from YAML text (one or more documents).
   *
   * @param text the YAML text
   * @param file the file name to record on each object and use in error messages
   * @throws when the text is not valid YAML
   */
  public static parse(text: string, file?: string): ManifestDocument[] {
    return ManifestReader.documents(parseYaml(text, file ?? '<input>'), file);
  }

  private static documents(docs: YamlDocument[], file: string | undefined): ManifestDocument[] {
    const out: ManifestDocument[] = [];
    docs.forEach(({ value: object, line }, documentIndex) => {
      if (object === null || object === undefined) return;
      if (isPlainObject(object) && object.kind === 'List' && object.apiVersion === 'v1' && Array.isArray(object.items)) {
        for (const item of object.items) out.push({ object: item, file, documentIndex, line });
      } else {
        out.push({ object, file, documentIndex, line });
      }
    });
    return out;
  }

  private constructor() {}
}
