import { ShipClassifier, type ShipSnapshot } from '../engine/classify/classifier';
import { AdvisoryDb, type AdvisorySnapshot, bundledAdvisories, preparedAdvisories, setWorkspaceAdvisories } from '../engine/dependencies/advisories';
import type { DependencyInventory } from '../engine/dependencies/inventory';
import type { ProjectModel } from '../engine/project/model';

/**
 * A project model as a worker thread receives it (structured clone: Maps,
 * Sets and plain objects survive, class instances do not). The model is
 * built once on the main thread; the two class instances it holds travel as
 * snapshots, and the bundled advisories (the same file in every thread) as a
 * marker rather than their records.
 */
export interface ProjectTransfer {
	model: Omit<ProjectModel, 'ships' | 'dependencies'>;
	ships?: ShipSnapshot;
	dependencies?: Omit<DependencyInventory, 'advisories'> & { advisories: AdvisorySnapshot | 'bundled' };
	/** The root's database from prepareAdvisories (local folder / online answers), when one was set. */
	prepared?: { root: string; db: AdvisorySnapshot };
}

const advisoryOut = (db: AdvisoryDb): AdvisorySnapshot | 'bundled' => (db === bundledAdvisories() ? 'bundled' : db.snapshot());
const advisoryIn = (s: AdvisorySnapshot | 'bundled'): AdvisoryDb => (s === 'bundled' ? bundledAdvisories() : AdvisoryDb.fromSnapshot(s));

export function projectToTransfer(project: ProjectModel): ProjectTransfer {
	const { ships, dependencies, ...model } = project;
	const out: ProjectTransfer = { model };
	if (ships) out.ships = ships.snapshot();
	if (dependencies) out.dependencies = { ...dependencies, advisories: advisoryOut(dependencies.advisories) };
	const root = dependencies?.root ?? project.root;
	const prepared = root !== undefined ? preparedAdvisories(root) : undefined;
	if (root !== undefined && prepared) out.prepared = { root, db: prepared.snapshot() };
	return out;
}

/** The model again, in a worker; also registers the root's prepared advisories there, as prepareAdvisories did on the main thread. */
export function projectFromTransfer(t: ProjectTransfer): ProjectModel {
	const model: ProjectModel = { ...t.model };
	if (t.ships) model.ships = ShipClassifier.fromSnapshot(t.ships);
	if (t.dependencies) model.dependencies = { ...t.dependencies, advisories: advisoryIn(t.dependencies.advisories) };
	if (t.prepared) setWorkspaceAdvisories(t.prepared.root, AdvisoryDb.fromSnapshot(t.prepared.db));
	return model;
}
