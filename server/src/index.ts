/**
 * apkbuild-language-server as a library: the APKBUILD engine for other tools.
 * Nothing here executes an APKBUILD.
 */
export { lintText, lintTextSync, analyzeText } from './lint';
export type { Finding, LintOptions } from './lint';
export { initParser, parseText } from './parser/parser';
export { compareVersions, isValidVersion, isValidPkgver, parseDependency, satisfies } from './apkbuild/version';
export type { Apkbuild } from './apkbuild/apkbuild';
export { ruleRegistry } from './rules/registry';
export type { Rule, Severity, Certainty } from './rules/types';
export { archAllows, archListOf } from './apkbuild/arch';
export type { ArchList } from './apkbuild/arch';
export { planBuild } from './plan/plan';
export { findPackageSet, PlanInputError } from './plan/package-set';
export type { PackageSet, SetQuery } from './plan/package-set';
export { indexTree, planPackageSet } from './plan/plan-tree';
export { formatPlanJson, formatPlanText } from './plan/format';
export type { BuildPlan, ArchPlan, PlannedBuild, PlanEdge, PlanProblem, PlanPackage, LeftOut } from './plan/types';
