/** `afc graph` as a user runs it (the built CLI): formats, options, bad input. */
import { describe, expect, it } from 'vitest';
import { builtinPlatforms } from '../../platforms/index.js';
import { dependencyGraph, resolveValues } from '../../src/model/index.js';
import { toDot, toMermaid } from '../../src/graph/render.js';
import { afc } from '../support/cli.js';

describe('afc graph', () => {
  it('prints the Mermaid flowchart of the platforms (default format), the same as the renderer', () => {
    const r = afc(['graph', '--platform', 'k3d']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(toMermaid(dependencyGraph(resolveValues({ platforms: ['k3d'] }, builtinPlatforms))));
    expect(r.stdout).toContain('dispatcher["dispatcher<br/>Deployment x1<br/>NodePort dispatcher: 80/30080, 443/30443, 8080"]');
    expect(r.stdout).toContain('rat_server -.->|"ratdb 5432<br/>declared: config/ratapi.conf"| ratdb');
  });

  it('prints DOT and JSON, with --set applied', () => {
    const dot = afc(['graph', '--format', 'dot', '--set', 'components.nginxexporter.imageName=']);
    expect(dot.status).toBe(0);
    expect(dot.stdout).toBe(toDot(dependencyGraph(resolveValues({ sets: ['components.nginxexporter.imageName='] }, builtinPlatforms))));
    expect(dot.stdout).not.toContain('nginxexporter');
    const json = JSON.parse(afc(['graph', '--format', 'json', '--platform', 'gcp']).stdout) as { nodes: { key: string }[]; edges: unknown[] };
    expect(json.nodes.map((n) => n.key)).not.toContain('ratdb');
    expect(json.edges.length).toBeGreaterThan(30);
  });

  it('renders SVG with Graphviz (WebAssembly)', () => {
    const r = afc(['graph', '--format', 'svg']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^<\?xml[\s\S]*<svg [\s\S]*<title>rat_server&#45;&gt;ratdb<\/title>[\s\S]*<\/svg>\n?$/);
  });

  it('refuses a declared edge to an unknown port with a one-line error, exit 1', () => {
    const r = afc(['graph', '--set', 'networkPolicies.edges.rat_server-ratdb.port=pg']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('afc: error: networkPolicies.edges.rat_server-ratdb.port: "pg" is not a port of ratdb (ratdb): use one of its port keys\n');
  });

  it('refuses an unknown format', () => {
    const r = afc(['graph', '--format', 'png']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^afc: error: option '--format <format>' argument 'png' is invalid/);
  });
});
