/**
 * Facts about the whole project that single-file rules may consult (never the
 * disk directly): declared dependencies, Android build settings, and so on.
 * Built by `project/gather.ts` from the workspace and refreshed on change.
 */
export interface ProjectModel {
	/** Workspace root, absolute, forward slashes. */
	root?: string;
	/** npm dependencies (dependencies + devDependencies) by name -> declared range. */
	npmDependencies: ReadonlyMap<string, string>;
	/** pub dependencies by name -> declared constraint. */
	pubDependencies: ReadonlyMap<string, string>;
	/** Android manifest placeholders from build.gradle(.kts), by build type ('defaultConfig', 'release', 'debug'). */
	manifestPlaceholders: ReadonlyMap<string, ReadonlyMap<string, string>>;
	/** targetSdkVersion from the app module's Gradle file, when literal. */
	androidTargetSdk?: number;
	/** minSdkVersion from the app module's Gradle file, when literal. */
	androidMinSdk?: number;
	/** Lockfiles by folder and the advisory database (dependencies/inventory.ts); set by gather. */
	dependencies?: import('../dependencies/inventory').DependencyInventory;
	/** Whole-workspace facts for the project-level pinning analysis (project/pinning.ts); set by ProjectIndex / gatherProject. */
	pinning?: import('./pinning').PinningState;
	/** Nested npm packages (root included) with their dependencies, e.g. a backend/ folder (project/packages.ts); set by gather. */
	packages?: readonly import('./packages').PackageManifest[];
	/** Device / app attestation evidence across the workspace (project/attestation.ts); set by gather. */
	attestation?: import('./attestation').AttestationFacts;
	/** What ships: test / example / tooling / generated / vendored code by path, Gradle module graph, test-runner configs, example apps (classify/classifier.ts); set by ProjectIndex. */
	ships?: import('../classify/classifier').ShipClassifier;
	/** What words mean here, from the dependencies of the manifests that ship (project/vocabulary.ts); set by ProjectIndex. */
	vocabulary?: import('./vocabulary').DomainVocabulary;
}

export const EMPTY_PROJECT: ProjectModel = Object.freeze({
	npmDependencies: new Map<string, string>(),
	pubDependencies: new Map<string, string>(),
	manifestPlaceholders: new Map<string, ReadonlyMap<string, string>>(),
});
