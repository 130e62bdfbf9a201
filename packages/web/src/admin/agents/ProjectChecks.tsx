import type { ProjectMembers } from './Agents.js';

/** One checkbox per project: the projects an agent sees in the desk. */
export function ProjectChecks({
  legend,
  projects,
  checked,
  disabled,
  onToggle,
}: {
  legend: string;
  projects: ProjectMembers[];
  checked: string[];
  disabled?: boolean;
  onToggle(projectId: string, on: boolean): void;
}) {
  return (
    <fieldset class="project-checks">
      <legend>{legend}</legend>
      {projects.length === 0 ? (
        <p class="hint">No project yet: create one first.</p>
      ) : (
        projects.map((project) => (
          <label key={project.id} class="inline checkbox">
            <input
              type="checkbox"
              checked={checked.includes(project.id)}
              disabled={disabled}
              onChange={(event) => onToggle(project.id, event.currentTarget.checked)}
            />
            {project.name}
          </label>
        ))
      )}
    </fieldset>
  );
}
