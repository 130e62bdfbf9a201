interface Agent {
  id: string;
  email: string;
  displayName: string;
}

/** The agents who join a new project: all ticked at first, as the text says; admins see every project anyway. */
export function AgentChecks({
  agents,
  checked,
  onChange,
}: {
  agents: Agent[] | null;
  checked: Set<string>;
  onChange(next: Set<string>): void;
}) {
  if (agents === null) return <p class="hint">Loading the agents…</p>;
  if (agents.length === 0)
    return <p class="hint">No agents yet: admins see every project. Agents you add later are given projects on the Agents page.</p>;
  return (
    <fieldset class="project-checks">
      <legend>Agents who answer this project's conversations</legend>
      <p class="hint">
        Agents see only the projects they are members of. All {agents.length} agent{agents.length === 1 ? ' is' : 's are'} ticked: untick
        those who should not see this one. Admins see every project.
      </p>
      {agents.map((agent) => (
        <label key={agent.id} class="inline checkbox">
          <input
            type="checkbox"
            checked={checked.has(agent.id)}
            onChange={(event) => {
              const next = new Set(checked);
              if (event.currentTarget.checked) next.add(agent.id);
              else next.delete(agent.id);
              onChange(next);
            }}
          />
          {agent.displayName === agent.email.slice(0, agent.email.indexOf('@')) ? agent.email : `${agent.displayName} (${agent.email})`}
        </label>
      ))}
    </fieldset>
  );
}
