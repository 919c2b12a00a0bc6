using BenchmarkDotNet.Running;

if (args is ["intake-throughput", ..]) { return await AgentOps.Benchmarks.Intake.IntakeThroughputCommand.RunAsync(args[1..]); }

// dotnet run -c Release --project tests/AgentOps.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
