/** Terminal conventions: colour only on a TTY and never with NO_COLOR (https://no-color.org). */
export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '0') return true;
  return stream.isTTY === true;
}

/** Progress lines on stderr when it is a terminal; silent otherwise (CI logs stay clean). */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr): (message: string) => void {
  if (!stream.isTTY) return () => {};
  return (message) => {
    stream.write(`\r\u001b[2K${message.slice(0, (stream.columns ?? 80) - 1)}`);
  };
}

export function clearProgress(stream: NodeJS.WriteStream = process.stderr): void {
  if (stream.isTTY) stream.write('\r\u001b[2K');
}
