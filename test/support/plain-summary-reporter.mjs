// Prints the plain closing line CI reads ("N passed, N failed, N skipped"), after Jest's own summary.
// Plain JavaScript: Jest loads reporters outside its TypeScript transform.
export default class PlainSummaryReporter {
  onRunComplete(_contexts, results) {
    const { numPassedTests, numFailedTests, numPendingTests, numTodoTests } = results;
    process.stdout.write(`\n${numPassedTests} passed, ${numFailedTests} failed, ${numPendingTests + numTodoTests} skipped\n`);
  }
}
