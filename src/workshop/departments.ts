import escapeHtml from 'escape-html';
import type { PrioritisedFix } from './priorities.js';

/**
 * One page per department: what a department head takes out of the workshop — the steps it owns, the
 * findings on them to fix (in priority order), the hand-offs it gives and receives, and the journeys it
 * appears in. Pure: built from the report's journeys, fixes and hand-offs.
 */

export interface DepartmentStep {
  id: string;
  name?: string;
  channel?: string;
  owner?: string;
}

export interface DepartmentJourney {
  id: string;
  title?: string;
  /** The department accountable for the journey as a whole. */
  owner?: string;
  steps: readonly DepartmentStep[];
}

export interface DepartmentPage {
  name: string;
  /** Journeys it owns steps in or is accountable for, by id. */
  journeys: string[];
  accountableFor: string[];
  steps: Array<{ journey: string; step: DepartmentStep }>;
  fixes: PrioritisedFix[];
  gives: Array<{ to: string; count: number }>;
  receives: Array<{ from: string; count: number }>;
}

export function buildDepartmentPages(
  journeys: readonly DepartmentJourney[],
  fixes: readonly PrioritisedFix[],
  handoffs: ReadonlyArray<{ from: string; to: string; count: number }>,
): DepartmentPage[] {
  const pages = new Map<string, DepartmentPage>();
  const pageOf = (name: string) => {
    let page = pages.get(name);
    if (!page) {
      page = { name, journeys: [], accountableFor: [], steps: [], fixes: [], gives: [], receives: [] };
      pages.set(name, page);
    }
    return page;
  };
  const ownerOfStep = new Map<string, string>();
  for (const journey of journeys) {
    if (journey.owner !== undefined) {
      const page = pageOf(journey.owner);
      page.accountableFor.push(journey.id);
      if (!page.journeys.includes(journey.id)) page.journeys.push(journey.id);
    }
    for (const step of journey.steps) {
      if (step.owner === undefined) continue;
      ownerOfStep.set(`${journey.id}\u0000${step.id}`, step.owner);
      const page = pageOf(step.owner);
      page.steps.push({ journey: journey.id, step });
      if (!page.journeys.includes(journey.id)) page.journeys.push(journey.id);
    }
  }
  const journeyOwner = new Map(journeys.map((journey) => [journey.id, journey.owner]));
  // A finding on a step belongs to the step's department; one about the journey as a whole, or on a step
  // nobody owns, to the department accountable for the journey.
  for (const fix of fixes) {
    const stepOwner = fix.finding.step !== undefined ? ownerOfStep.get(`${fix.journey}\u0000${fix.finding.step}`) : undefined;
    const owner = stepOwner ?? journeyOwner.get(fix.journey);
    if (owner !== undefined) pageOf(owner).fixes.push(fix);
  }
  for (const handoff of handoffs) {
    pageOf(handoff.from).gives.push({ to: handoff.to, count: handoff.count });
    pageOf(handoff.to).receives.push({ from: handoff.from, count: handoff.count });
  }
  const byCount = <T extends { count: number }>(list: T[], name: (entry: T) => string) => list.sort((a, b) => b.count - a.count || name(a).localeCompare(name(b)));
  for (const page of pages.values()) {
    byCount(page.gives, (entry) => entry.to);
    byCount(page.receives, (entry) => entry.from);
    page.journeys.sort();
  }
  return [...pages.values()].sort((a, b) => a.name.localeCompare(b.name));
}

const esc = (value: unknown): string => escapeHtml(String(value));
const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'department';

/** The departments section; `message` renders a finding's text (code quotes as code), `journeyLink` the anchor of a journey. */
export function departmentsSection(pages: readonly DepartmentPage[], number: number, message: (text: string) => string, journeyLink: (id: string) => string, titles: ReadonlyMap<string, string>): string {
  const items = pages.map((page, index) => {
    const fixes =
      page.fixes.length === 0
        ? '<p class="clean">Nothing to fix on its steps.</p>'
        : `<table class="fixes">
<thead><tr><th scope="col">#</th><th scope="col">Journey</th><th scope="col">Step</th><th scope="col">Problem</th><th scope="col">Severity</th><th scope="col">Impact</th></tr></thead>
<tbody>
${page.fixes.map((fix, position) => `<tr><td>${position + 1}</td><td>${esc(fix.journey)}</td><td>${fix.finding.step !== undefined ? `<code>${esc(fix.finding.step)}</code>` : 'whole journey'}</td><td>${message(fix.finding.message)}</td><td><span class="sev sev-${fix.finding.severity}">${fix.finding.severity}</span></td><td>${fix.score}</td></tr>`).join('\n')}
</tbody>
</table>`;
    const handoffTable = (title: string, entries: Array<{ name: string; count: number }>) =>
      entries.length === 0 ? `<p><strong>${title}:</strong> none.</p>` : `<p><strong>${title}:</strong> ${entries.map((entry) => `${esc(entry.name)} (${entry.count})`).join(', ')}.</p>`;
    const steps = page.steps.length === 0 ? '<p>No steps of its own: it is accountable for journeys as a whole.</p>' : `<table class="dept-steps">
<thead><tr><th scope="col">Journey</th><th scope="col">Step</th><th scope="col">What happens</th><th scope="col">Channel</th></tr></thead>
<tbody>
${page.steps.map(({ journey, step }) => `<tr><td>${esc(journey)}</td><td><code>${esc(step.id)}</code></td><td>${esc(step.name ?? '')}</td><td>${esc(step.channel ?? 'back office')}</td></tr>`).join('\n')}
</tbody>
</table>`;
    return `<section id="department-${esc(slug(page.name))}" class="page department">
<h3>${number}.${index + 1} ${esc(page.name)}</h3>
<p class="meta">${page.steps.length} step${page.steps.length === 1 ? '' : 's'} in ${page.journeys.length} journey${page.journeys.length === 1 ? '' : 's'}${page.accountableFor.length > 0 ? ` · accountable for ${page.accountableFor.map(esc).join(', ')}` : ''} · ${page.fixes.length} finding${page.fixes.length === 1 ? '' : 's'} to fix</p>
<h4>Findings to fix, most important first</h4>
${fixes}
<h4>Hand-offs</h4>
${handoffTable('Passes customers to', page.gives.map((entry) => ({ name: entry.to, count: entry.count })))}
${handoffTable('Receives customers from', page.receives.map((entry) => ({ name: entry.from, count: entry.count })))}
<h4>Journeys it appears in</h4>
<ul class="dept-journeys">${page.journeys.map((id) => `<li><a href="${journeyLink(id)}">${esc(titles.get(id) ?? id)}</a></li>`).join('')}</ul>
<h4>Steps it owns</h4>
${steps}
</section>`;
  });
  return `<section id="departments" class="page">
<h2>${number}. Departments</h2>
<p>One page per department: the findings on the steps it owns (a finding about a whole journey goes to the department accountable for it), the hand-offs it gives and receives, the journeys it appears in and its steps.</p>
${pages.length === 0 ? '<p>No step names an owning department.</p>' : ''}
</section>
${items.join('\n')}`;
}
