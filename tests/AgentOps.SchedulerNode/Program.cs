using System.Globalization;
using AgentOps.Infrastructure.Scheduling;
using AgentOps.Infrastructure.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

// One AgentOps scheduler node: the incident store and the clustered Quartz scheduler with the AgentOps jobs, configured
// from the command line (--Storage:Provider=postgres --Scheduling:Clustered=true ...). Each SLA step it fires is
// logged on standard output by SlaTimerJob ("SLA step page-1 of INC-...: Fired (due ..., node node-a)").
// --Node:AcquireAhead=00:00:05 makes the node take triggers that long before they are due, so a test can see which
// node holds a timer and kill it before it fires.
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddCommandLine(args);
builder.Logging.AddSimpleConsole(o => o.SingleLine = true)
    .SetMinimumLevel(LogLevel.Warning)
    .AddFilter("AgentOps", LogLevel.Information);
builder.Services.AddAgentOpsStorage(builder.Configuration);
builder.Services.AddAgentOpsScheduling(builder.Configuration);
var acquireAhead = TimeSpan.Parse(builder.Configuration["Node:AcquireAhead"] ?? "00:00:00", CultureInfo.InvariantCulture);
builder.Services.ConfigureAllQuartzSchedulers(q => q.ConfigureScheduler(o => o.BatchTriggerAcquisitionFireAheadTimeWindow = acquireAhead));

using var host = builder.Build();
await host.StartAsync().ConfigureAwait(false);
var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler().ConfigureAwait(false);
Console.WriteLine($"node {scheduler.SchedulerInstanceId} started");
await host.WaitForShutdownAsync().ConfigureAwait(false);
