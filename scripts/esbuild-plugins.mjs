/**
 * esbuild plugins of scripts/build.mjs.
 *
 * k8sImportsAsEsm: cdk8s-plus-28 ships its generated Kubernetes 1.28 classes (`lib/imports/k8s.js`,
 * 2.7 MB: 141 classes, 440 `toJson_*` converters) as CommonJS, which esbuild cannot tree-shake, so the
 * CLI loaded and ran all of it to use five classes. This plugin hands esbuild the same code as an ES
 * module: each class with its static assignments (jsii type info, GVK) wrapped in a pure IIFE, the
 * converters as they are, `exports.X = X` lines turned into one `export { ... }`. esbuild then keeps
 * only what is referenced. No generated statement is changed otherwise; if the file does not have the
 * expected shape (another cdk8s-plus version), the plugin leaves it alone and warns.
 */
import { readFile } from 'node:fs/promises';
import { transform } from 'esbuild';

/** The CommonJS source of a tsc/jsii-generated imports module as an ES module, or an error message. */
export function generatedImportsToEsm(canonical) {
  // esbuild's printing (comments dropped) puts every top-level statement at column 0, its body indented.
  const lines = canonical.split('\n');
  const statements = [];
  for (const line of lines) {
    if (/^[^\s})\]]/.test(line) || statements.length === 0) statements.push([line]);
    else statements[statements.length - 1].push(line);
  }
  const out = [];
  const exported = new Set();
  const classes = new Map(); // name -> { text, statics: [] }
  const classOrder = [];
  const rtti = new Map(); // _N -> symbol expression
  for (const lines of statements) {
    const text = lines.join('\n').trimEnd();
    const first = lines[0];
    let m;
    if (text === '' || first === '"use strict";' || /^var _\w+(, _\w+)*;$/.test(text)) continue;
    if (text === 'Object.defineProperty(exports, "__esModule", { value: true });') continue;
    if (/^exports\.\w+ = (exports\.\w+ = )*void 0;$/.test(text)) continue;
    if ((m = /^const (\w+) = require\("([^"]+)"\);$/.exec(text))) {
      out.push(`import * as ${m[1]} from ${JSON.stringify(m[2])};`);
    } else if (/^const JSII_RTTI_SYMBOL_1 = (\/\* @__PURE__ \*\/ )?Symbol\.for\("jsii\.rtti"\);$/.test(text)) {
      out.push(text);
    } else if ((m = /^exports\.(\w+) = (\w+);$/.exec(text)) && m[1] === m[2]) {
      exported.add(m[1]);
    } else if ((m = /^(_\w+) = (JSII_RTTI_SYMBOL_1);$/.exec(text))) {
      rtti.set(m[1], m[2]);
    } else if ((m = /^class (\w+)[ {]/.exec(first))) {
      classes.set(m[1], { text, statics: [] });
      classOrder.push(m[1]);
      out.push({ className: m[1] });
    } else if ((m = /^(\w+)\[(_\w+)\] = /.exec(first)) && classes.has(m[1]) && rtti.has(m[2])) {
      classes.get(m[1]).statics.push(text.replace(`${m[1]}[${m[2]}]`, `${m[1]}[${rtti.get(m[2])}]`));
    } else if ((m = /^(\w+)\.(\w+) = /.exec(first)) && classes.has(m[1])) {
      classes.get(m[1]).statics.push(text);
    } else if (/^function \w+\(/.test(first)) {
      out.push(text);
    } else if ((m = /^var (\w+);$/.exec(text))) {
      out.push(text);
    } else if ((m = /^\(function\((\w+)\) \{$/.exec(first))) {
      // A TypeScript enum: (function(E2) { ... })(E = exports.E || (exports.E = {}));
      const last = lines[lines.length - 1];
      const e = /^\}\)\((\w+) = exports\.(\w+) \|\| \(exports\.(\w+) = \{\}\)\);$/.exec(last);
      if (!e || e[1] !== e[2] || e[1] !== e[3]) return `unexpected enum statement: ${first}`;
      out.push([...lines.slice(0, -1), `})(${e[1]} = {});`].join('\n'));
    } else {
      return `unexpected top-level statement: ${first.slice(0, 120)}`;
    }
  }
  const body = out.map((s) => {
    if (typeof s === 'string') return s;
    const c = classes.get(s.className);
    return `var ${s.className} = /* @__PURE__ */ (() => {\n${c.text}\n${c.statics.join('\n')}\nreturn ${s.className};\n})();`;
  });
  for (const name of exported) {
    if (!classes.has(name) && !body.some((s) => s.startsWith(`function ${name}(`) || s.startsWith(`var ${name};`))) {
      return `exported name without a declaration: ${name}`;
    }
  }
  return `${body.join('\n')}\nexport { ${[...exported].join(', ')} };\n`;
}

export const k8sImportsAsEsm = {
  name: 'k8s-imports-as-esm',
  setup(build) {
    build.onLoad({ filter: /[\\/]cdk8s-plus-28[\\/]lib[\\/]imports[\\/]k8s\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const { code } = await transform(source, { loader: 'js', legalComments: 'none' });
      const esm = generatedImportsToEsm(code);
      if (esm.startsWith('export') || esm.includes('\nexport {')) return { contents: esm, loader: 'js' };
      return { contents: source, loader: 'js', warnings: [{ text: `k8s-imports-as-esm: ${esm}; bundling ${args.path} unchanged (not tree-shaken)` }] };
    });
  },
};

/**
 * lazyBuiltins: node:crypto and node:child_process cost 2.5 and ~4 ms to load, and commander, constructs
 * and cdk8s load them when they are loaded, although a synth never hashes (explicit names) and never
 * runs a process. In the files below, and only there, the module object is replaced by an object whose
 * functions - the only ones each file uses - load the module on their first call. A file whose text is
 * not as expected (another version) is bundled unchanged, with a warning.
 */
const LAZY_BUILTINS = [
  {
    file: /[\\/]node_modules[\\/](constructs[\\/]lib[\\/]private[\\/]node-addr|cdk8s[\\/]lib[\\/]names)\.js$/,
    line: 'const crypto = __importStar(require("crypto"));',
    lazy: 'const crypto = { createHash: (...args) => require("crypto").createHash(...args) };',
    uses: /\bcrypto\.\w+/g,
    allowed: ['crypto.createHash'],
  },
  {
    file: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/,
    line: "const childProcess = require('node:child_process');",
    lazy: "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
    uses: /\bchildProcess\.\w+/g,
    allowed: ['childProcess.spawn'],
  },
  {
    file: /[\\/]node_modules[\\/]cdk8s[\\/]lib[\\/]yaml\.js$/,
    line: 'const child_process_1 = require("child_process");',
    lazy: 'const child_process_1 = { execFileSync: (...args) => require("child_process").execFileSync(...args) };',
    uses: /\bchild_process_1\.\w+/g,
    allowed: ['child_process_1.execFileSync'],
  },
  {
    file: /[\\/]node_modules[\\/]cdk8s[\\/]lib[\\/]_child_process\.js$/,
    line: '    spawnSync: child_process_1.spawnSync,',
    lazy: '    spawnSync: (...args) => require("child_process").spawnSync(...args),',
    uses: /\bchild_process_1\.\w+/g,
    allowed: ['child_process_1.spawnSync'],
    drop: 'const child_process_1 = require("child_process");',
  },
];

export const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    for (const rule of LAZY_BUILTINS) {
      build.onLoad({ filter: rule.file }, async (args) => {
        const source = await readFile(args.path, 'utf8');
        const uses = source.match(rule.uses) ?? [];
        const expected = source.split(rule.line).length === 2 && (!rule.drop || source.split(rule.drop).length === 2);
        if (!expected || uses.some((u) => !rule.allowed.includes(u))) {
          return { contents: source, loader: 'js', warnings: [{ text: `lazy-builtins: ${args.path} does not have the expected shape; bundled unchanged` }] };
        }
        let contents = source.replace(rule.line, rule.lazy);
        if (rule.drop) contents = contents.replace(rule.drop, '');
        return { contents, loader: 'js' };
      });
    }
  },
};
