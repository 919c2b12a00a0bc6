using System.Globalization;
using AgentOps.Benchmarks;
using AgentOps.Benchmarks.Intake;
using AgentOps.Benchmarks.LogHub;
using BenchmarkDotNet.Running;

// Commands that measure on external data or long runs, then BenchmarkDotNet for the rest:
//   dotnet run -c Release --project tests/AgentOps.Benchmarks -- loghub ../shared/data/logs
//   dotnet run -c Release --project tests/AgentOps.Benchmarks -- intake-throughput --data DIR   (or intake-latency)
//   dotnet run -c Release --project tests/AgentOps.Benchmarks -- timers 10000
//   dotnet run -c Release --project tests/AgentOps.Benchmarks -- pipeline-latency 200 --settings appsettings.json
//   dotnet run -c Release --project tests/AgentOps.Benchmarks -- serve-load [incidents] [seconds] [concurrency]
//   dotnet run -c Release --project tests/AgentOps.Benchmarks -- chat-load [incidents] [clients] [seconds]
//   dotnet run -c Release --project tests/AgentOps.Benchmarks -- --filter '*'
if (IntakeCommands.Dispatch(args) is { } intake)
{
    return await intake;
}

switch (args)
{
    case ["loghub", ..]:
        return LogHubEvaluation.Run(args[1..]);
    case ["pipeline-latency", ..]:
        return await AgentOps.Benchmarks.Orchestration.PipelineLatencyCommand.RunAsync(args[1..]);
    case ["serve-load", ..]:
        return await AgentOps.Benchmarks.Server.ServeLoadMeasurement.RunAsync(args[1..]);
    case ["chat-load", ..]:
        return await AgentOps.Benchmarks.Server.ChatLoadMeasurement.RunAsync(args[1..]);
    case ["intake-cpu", ..]:
        return AgentOps.Benchmarks.Triage.IntakeCpuCommand.Run(args[1..]);
    case ["triage-dump", ..]:
        return AgentOps.Benchmarks.Triage.TriageDumpCommand.Run(args[1..]);
    case ["timers", ..]:
        await TimerMeasurement.RunAsync(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000);
        return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(TimerMeasurement).Assembly).Run(args);
return 0;
