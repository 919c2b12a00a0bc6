using BenchmarkDotNet.Running;

if (AgentOps.Benchmarks.Intake.IntakeCommands.Dispatch(args) is { } intake) { return await intake; }

// dotnet run -c Release --project tests/AgentOps.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
