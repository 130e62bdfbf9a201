// The image's HEALTHCHECK (the slim image has no curl): exit 0 when /readyz answers 200 within 3 s.
// Port from PARLEY_PORT (default 8080), as `parley serve` reads it.
const port = process.env.PARLEY_PORT || '8080';
try {
  const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(3000) });
  if (response.status !== 200) console.error(`/readyz answered ${response.status}: ${await response.text()}`);
  process.exit(response.status === 200 ? 0 : 1);
} catch (error) {
  console.error(`/readyz did not answer: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
