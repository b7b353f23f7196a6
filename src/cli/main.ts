// The `nabla` command line (filled by the tutorial work).
console.log('nabla: the tutorial command is not written yet');
