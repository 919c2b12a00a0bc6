using AgentOps.Core.Model;
using Stateless;
using Stateless.Graph;

namespace AgentOps.Core.Orchestration;

/// <summary>
/// The life cycle of one investigation track. State lives in the <see cref="Track"/>; transitions are recorded on
/// the incident's timeline. A track cannot start before the tracks it depends on are done.
/// </summary>
public sealed class TrackStateMachine
{
    private readonly Incident _incident;
    private readonly Track _track;
    private readonly TimeProvider _time;
    private readonly StateMachine<TrackState, TrackTrigger> _machine;
    private readonly Dictionary<TrackTrigger, StateMachine<TrackState, TrackTrigger>.TriggerWithParameters<TransitionContext>> _triggers = [];

    public TrackStateMachine(Incident incident, Track track, TimeProvider time)
    {
        _incident = incident;
        _track = track;
        _time = time;
        _machine = new StateMachine<TrackState, TrackTrigger>(() => _track.State, s => _track.State = s);
        foreach (var trigger in Enum.GetValues<TrackTrigger>())
        {
            _triggers[trigger] = _machine.SetTriggerParameters<TransitionContext>(trigger);
        }

        Configure();
    }

    public TrackState State => _machine.State;

    /// <summary>Triggers configured for the current state (their guards may still refuse them).</summary>
    public IReadOnlyList<TrackTrigger> ConfiguredTriggers =>
        _machine.GetInfo().States.Single(s => (TrackState)s.UnderlyingState == State)
            .Transitions.Select(t => (TrackTrigger)t.Trigger.UnderlyingTrigger)
            .Distinct().Order().ToList();

    /// <summary>Fires <paramref name="trigger"/> on the track.</summary>
    /// <exception cref="InvalidTransitionException">Not allowed now; the track is unchanged.</exception>
    public void Fire(TrackTrigger trigger, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _machine.Fire(_triggers[trigger], context);
    }

    /// <summary>Numbers of the dependencies of this track that are not done yet.</summary>
    public IReadOnlyList<int> PendingDependencies() => PendingDependencies(_incident, _track);

    /// <summary>Numbers of the dependencies of <paramref name="track"/> that are not done yet (missing ones count as pending).</summary>
    public static IReadOnlyList<int> PendingDependencies(Incident incident, Track track) =>
        track.DependsOn.Where(n => incident.FindTrack(n)?.State != TrackState.Done).ToList();

    /// <summary>The machine as a Mermaid state diagram (the source of <c>docs/track-state-machine.md</c>).</summary>
    public static string ToMermaid()
    {
        var sample = new Incident { Id = "INC-0000-0000", Title = "diagram", CreatedAt = DateTimeOffset.UnixEpoch };
        var track = new Track { Number = 1, Kind = TrackKind.Database, Title = "diagram" };
        sample.Tracks.Add(track);
        return MermaidGraph.Format(new TrackStateMachine(sample, track, TimeProvider.System)._machine.GetInfo());
    }

    private void Configure()
    {
        var start = _triggers[TrackTrigger.Start];
        var block = _triggers[TrackTrigger.Block];
        var cancel = _triggers[TrackTrigger.Cancel];

        _machine.Configure(TrackState.Open)
            .PermitIf(start, TrackState.InProgress, _ => PendingDependencies().Count == 0, "dependencies done")
            .PermitIf(block, TrackState.Blocked, c => c.HasReason, "a reason is given")
            .PermitIf(cancel, TrackState.Cancelled, c => c.HasReason, "a reason is given");

        _machine.Configure(TrackState.InProgress)
            .PermitIf(block, TrackState.Blocked, c => c.HasReason, "a reason is given")
            .Permit(TrackTrigger.Complete, TrackState.Done)
            .PermitIf(cancel, TrackState.Cancelled, c => c.HasReason, "a reason is given");

        _machine.Configure(TrackState.Blocked)
            .Permit(TrackTrigger.Unblock, TrackState.InProgress)
            .PermitIf(cancel, TrackState.Cancelled, c => c.HasReason, "a reason is given");

        _machine.Configure(TrackState.Done)
            .Permit(TrackTrigger.Reopen, TrackState.Open);

        _machine.Configure(TrackState.Cancelled)
            .Permit(TrackTrigger.Reopen, TrackState.Open);

        _machine.OnTransitioned(t =>
        {
            var context = (TransitionContext)t.Parameters[0];
            _track.StateReason = t.Destination is TrackState.Blocked or TrackState.Cancelled ? context.Reason : null;
            var data = new Dictionary<string, string>
            {
                ["track"] = _track.Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["trigger"] = t.Trigger.ToString(),
                ["from"] = t.Source.ToString(),
                ["to"] = t.Destination.ToString(),
            };
            var message = $"Track #{_track.Number} ({_track.Kind}): {t.Source} → {t.Destination}";
            if (context.HasReason)
            {
                data["reason"] = context.Reason!;
                message += $": {context.Reason}";
            }

            _incident.Record(_time.GetUtcNow(), context.Actor, context.Source, "transition", message, data);
        });

        _machine.OnUnhandledTrigger((state, trigger, unmetGuards) =>
        {
            var allowed = ConfiguredTriggers.Select(t => CommandWords.ToKebab(t.ToString())).ToList();
            var why = unmetGuards is { Count: > 0 } ? $" Condition not met: {string.Join("; ", unmetGuards)}." : string.Empty;
            var pending = PendingDependencies();
            var hint = trigger == TrackTrigger.Start && pending.Count > 0
                ? $" It depends on track(s) {string.Join(", ", pending.Select(n => $"#{n}"))}, not done yet."
                : string.Empty;
            throw new InvalidTransitionException(
                $"Cannot {CommandWords.ToKebab(trigger.ToString())} track #{_track.Number} of {_incident.Id}: it is {state}.{why}{hint} Allowed now: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}.",
                state.ToString(),
                allowed);
        });
    }
}
