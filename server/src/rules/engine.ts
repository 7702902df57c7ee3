import * as path from 'node:path';
import { Apkbuild } from '../apkbuild/apkbuild';
import { Range, Span } from '../apkbuild/span';
import { LintConfig, perConfigAndEnv } from './config';
import { ruleRegistry } from './registry';
import { skippedByEnv, suppressionsOf } from './suppression';
import { Certainty, Rule, RuleContext, Severity, Tag, TextEdit } from './types';

export interface Finding {
  code: string;
  label: string;
  severity: Severity;
  certainty: Certainty;
  path: string;
  span: Span;
  /** 0-based */
  range: Range;
  message: string;
  fix?: { title: string; edits: (TextEdit & { range: Range })[] };
  tags?: Tag[];
}

export interface EngineOptions {
  config?: LintConfig;
  env?: NodeJS.ProcessEnv;
  /** only these rule codes (for tests and `--rule`) */
  only?: ReadonlySet<string>;
}

function severityFor(rule: Rule, config: LintConfig | undefined): Severity | 'off' {
  if (!config) return rule.severity;
  return config.severity[rule.code.toLowerCase()] ?? config.severity[rule.label.toLowerCase()] ?? rule.severity;
}

interface ActiveRule {
  rule: Rule;
  severity: Severity;
  /** code and label in lower case, as suppressions compare them */
  code: string;
  label: string;
}

/** The rules that run under a config and environment, with their severities. */
const activeRules = perConfigAndEnv((config, env): ActiveRule[] => {
  const plan: ActiveRule[] = [];
  for (const rule of ruleRegistry) {
    const severity = severityFor(rule, config);
    if (severity === 'off' || skippedByEnv(rule.code, rule.label, env)) continue;
    plan.push({ rule, severity, code: rule.code.toLowerCase(), label: rule.label.toLowerCase() });
  }
  return plan;
});

/** Runs every enabled rule over one analysed APKBUILD; findings sorted by position. */
export function runRules(apkbuild: Apkbuild, context: RuleContext, options: EngineOptions = {}): Finding[] {
  const plan = activeRules(options.config, options.env ?? process.env);
  const only = options.only;
  const suppressions = suppressionsOf(apkbuild);
  const findings: Finding[] = [];
  for (let i = 0; i < plan.length; i++) {
    const active = plan[i];
    const rule = active.rule;
    if (only && !only.has(rule.code)) continue;
    const found = rule.check(apkbuild, context);
    if (found.length === 0) continue;
    for (const f of found) {
      const range = apkbuild.lines.range(f.span);
      if (f.file ? suppressions.isSuppressedInFile(active.code, active.label) : suppressions.isSuppressed(active.code, active.label, range.start.line)) continue;
      findings.push({
        code: rule.code,
        label: rule.label,
        severity: active.severity,
        certainty: rule.certainty,
        path: f.file ? path.join(path.dirname(context.path), f.file.name) : context.path,
        span: f.span,
        range: f.file ? { start: { line: f.file.line, character: 0 }, end: { line: f.file.line, character: 0 } } : range,
        message: f.message,
        fix: f.fix && { title: f.fix.title, edits: f.fix.edits.map((e) => ({ ...e, range: apkbuild.lines.range(e.span) })) },
        tags: f.tags,
      });
    }
  }
  if (findings.length > 1) findings.sort((a, b) => (a.path === b.path ? 0 : a.path < b.path ? -1 : 1) || a.span.start - b.span.start || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  return findings;
}
