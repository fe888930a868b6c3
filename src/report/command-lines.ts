/**
 * A fix's "command" is sometimes not a shell command: a YAML snippet for a workflow or a Kubernetes
 * manifest (`permissions:`, `imagePullSecrets:`, `if:`), or a Dockerfile line (`LABEL …`). Those are
 * printed as they are to be pasted, without the `$ ` prompt.
 */
const YAML_KEY = /^[A-Za-z_][\w.-]*:(?:\s|$)/;
const DOCKERFILE_INSTRUCTION = /^(?:FROM|LABEL|ARG|ENV|RUN|COPY|USER) /;

export function isSnippet(command: string): boolean {
  return YAML_KEY.test(command) || DOCKERFILE_INSTRUCTION.test(command);
}

/** The lines that print one fix command at `indent`. */
export function commandLines(command: string, indent: string): string[] {
  if (isSnippet(command)) return command.split('\n').map((l) => `${indent}${l}`);
  return [`${indent}$ ${command}`];
}
