// Logs each moment the test run's Azurite did not answer promptly: node storage-pauses.mjs <queue port> <table port>.
// Every 200 ms it asks each service for something it refuses at once (an unsigned request, 403), so the time to the
// answer is the time the service's one event loop was busy elsewhere. Answers slower than 500 ms are written, timed,
// to stdout, to set against a test that met "Storage did not answer" only in the full suite.
import http from "node:http";

const [queuePort, tablePort] = process.argv.slice(2).map(Number);
const services = [
  { name: "queue", port: queuePort, path: "/devstoreaccount1?comp=list" },
  { name: "table", port: tablePort, path: "/devstoreaccount1/Tables" },
];
const slowMs = 500;

function probe(service) {
  const started = Date.now();
  const request = http.get({ host: "127.0.0.1", port: service.port, path: service.path, agent: false }, (response) => {
    response.resume();
    response.on("end", () => done(service, started, `HTTP ${response.statusCode}`));
  });
  request.setTimeout(60_000, () => request.destroy(new Error("no answer in 60 s")));
  request.on("error", (error) => done(service, started, error.message));
}

function done(service, started, outcome) {
  const ms = Date.now() - started;
  if (ms >= slowMs) {
    console.log(`${new Date(started).toISOString()} ${service.name} answered after ${ms} ms (${outcome})`);
  }
  setTimeout(() => probe(service), 200);
}

services.forEach(probe);
