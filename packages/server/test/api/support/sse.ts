/** Reads the workspace's SSE answers (event + JSON data). */
export interface WorkspaceEvent {
  event: string;
  // Event payloads vary by event; tests read them loosely.
  data: any;
}

export function parseSse(text: string): WorkspaceEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = /^data: (.*)$/m.exec(block)?.[1] ?? 'null';
      return { event, data: JSON.parse(data) };
    });
}
