using AgentOps.Core.Model;
using Stateless;
using Stateless.Graph;

namespace AgentOps.Core.Orchestration;

/// <summary>
/// The life cycle of one incident. State lives in the <see cref="Incident"/> (and so in the store); every
/// transition appends a timeline event with its actor, source and reason.
/// </summary>
public sealed class IncidentStateMachine
{
    // What a reusable machine points at between calls, so that it keeps no incident alive.
    private static readonly Incident Detached = new() { Id = "INC-0000-0000", Title = "detached", CreatedAt = DateTimeOffset.UnixEpoch };

    private static readonly IncidentState[] ActiveStates =
        [IncidentState.New, IncidentState.Triaged, IncidentState.Investigating, IncidentState.Mitigating];

    // A machine per thread for FireOnce: configuring a Stateless machine costs more than the transition itself.
    [ThreadStatic]
    private static IncidentStateMachine? t_reusable;

    private readonly TimeProvider _time;
    private Incident _incident;
    private readonly StateMachine<IncidentState, IncidentTrigger> _machine;
    private readonly Dictionary<IncidentTrigger, StateMachine<IncidentState, IncidentTrigger>.TriggerWithParameters<TransitionContext>> _triggers = [];

    public IncidentStateMachine(Incident incident, TimeProvider time)
    {
        _incident = incident;
        _time = time;
        _machine = new StateMachine<IncidentState, IncidentTrigger>(() => _incident.State, s => _incident.State = s);
        foreach (var trigger in Enum.GetValues<IncidentTrigger>())
        {
            _triggers[trigger] = _machine.SetTriggerParameters<TransitionContext>(trigger);
        }

        Configure();
    }

    /// <summary>The current state.</summary>
    public IncidentState State => _machine.State;

    /// <summary>Triggers configured for the current state (their guards may still refuse them).</summary>
    public IReadOnlyList<IncidentTrigger> ConfiguredTriggers =>
        _machine.GetInfo().States.Single(s => (IncidentState)s.UnderlyingState == State)
            .Transitions.Select(t => (IncidentTrigger)t.Trigger.UnderlyingTrigger)
            .Distinct().Order().ToList();

    /// <summary>Fires <paramref name="trigger"/> on the incident.</summary>
    /// <exception cref="InvalidTransitionException">Not allowed now; the incident is unchanged.</exception>
    public void Fire(IncidentTrigger trigger, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        _machine.Fire(_triggers[trigger], context);
    }

    /// <summary>
    /// Fires <paramref name="trigger"/> on <paramref name="incident"/> like a new machine would, with a machine kept by the
    /// calling thread and pointed at the incident for this call only: for paths that move many incidents one step each
    /// (intake triages every new incident).
    /// </summary>
    /// <exception cref="InvalidTransitionException">Not allowed now; the incident is unchanged.</exception>
    public static void FireOnce(Incident incident, TimeProvider time, IncidentTrigger trigger, TransitionContext context)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(time);
        var machine = t_reusable;
        t_reusable = null;
        if (machine is null || !ReferenceEquals(machine._time, time))
        {
            machine = new IncidentStateMachine(incident, time);
        }

        machine._incident = incident;
        machine.Fire(trigger, context);

        // Kept only after a transition that went through: a machine that threw is left to the garbage collector.
        machine._incident = Detached;
        t_reusable = machine;
    }

    /// <summary>The machine as a Mermaid state diagram (the source of <c>docs/incident-state-machine.md</c>).</summary>
    public static string ToMermaid()
    {
        var sample = new Incident { Id = "INC-0000-0000", Title = "diagram", CreatedAt = DateTimeOffset.UnixEpoch };
        return MermaidGraph.Format(new IncidentStateMachine(sample, TimeProvider.System)._machine.GetInfo());
    }

    private void Configure()
    {
        var resolve = _triggers[IncidentTrigger.Resolve];
        var forceResolve = _triggers[IncidentTrigger.ForceResolve];
        var close = _triggers[IncidentTrigger.Close];
        var waive = _triggers[IncidentTrigger.CloseWithoutPostMortem];
        var reopen = _triggers[IncidentTrigger.Reopen];

        _machine.Configure(IncidentState.New)
            .Permit(IncidentTrigger.Triage, IncidentState.Triaged)
            .Permit(IncidentTrigger.Investigate, IncidentState.Investigating);

        _machine.Configure(IncidentState.Triaged)
            .Permit(IncidentTrigger.Investigate, IncidentState.Investigating)
            .Permit(IncidentTrigger.Mitigate, IncidentState.Mitigating)
            .PermitIf(resolve, IncidentState.Resolved, _ => NoTrackInProgress(), "no track in progress")
            .PermitIf(forceResolve, IncidentState.Resolved, c => c.HasReason, "a reason is given");

        _machine.Configure(IncidentState.Investigating)
            .Permit(IncidentTrigger.Mitigate, IncidentState.Mitigating)
            .PermitIf(resolve, IncidentState.Resolved, _ => NoTrackInProgress(), "no track in progress")
            .PermitIf(forceResolve, IncidentState.Resolved, c => c.HasReason, "a reason is given");

        _machine.Configure(IncidentState.Mitigating)
            .Permit(IncidentTrigger.Investigate, IncidentState.Investigating)
            .PermitIf(resolve, IncidentState.Resolved, _ => NoTrackInProgress(), "no track in progress")
            .PermitIf(forceResolve, IncidentState.Resolved, c => c.HasReason, "a reason is given");

        _machine.Configure(IncidentState.Resolved)
            .OnEntry(() => _incident.ResolvedAt = _time.GetUtcNow())
            .Permit(IncidentTrigger.StartPostMortem, IncidentState.PostMortem)
            .PermitIf(close, IncidentState.Closed, _ => !PostMortemRequired(), "P3/P4, or a post-mortem exists")
            .PermitIf(waive, IncidentState.Closed, c => c.HasReason, "a reason is given")
            .Permit(IncidentTrigger.Reopen, IncidentState.Investigating);

        _machine.Configure(IncidentState.PostMortem)
            .PermitIf(close, IncidentState.Closed, _ => _incident.PostMortem is not null, "a post-mortem exists")
            .PermitIf(waive, IncidentState.Closed, c => c.HasReason, "a reason is given")
            .Permit(IncidentTrigger.Reopen, IncidentState.Investigating);

        _machine.Configure(IncidentState.Closed)
            .OnEntryFrom(waive, c => _incident.PostMortemWaiver = _incident.PostMortem is null ? c.Reason : null)
            .OnEntry(() => _incident.ClosedAt = _time.GetUtcNow())
            .PermitIf(reopen, IncidentState.Investigating, c => c.HasReason, "a reason is given");

        foreach (var state in ActiveStates)
        {
            _machine.Configure(state)
                .InternalTransition(_triggers[IncidentTrigger.Escalate], (c, _) => OnEscalate(c))
                .InternalTransitionIf(
                    _triggers[IncidentTrigger.Acknowledge],
                    _ => _incident.AcknowledgedAt is null,
                    (c, _) => OnAcknowledge(c),
                    "not yet acknowledged");
        }

        _machine.Configure(IncidentState.Investigating)
            .OnEntryFrom(reopen, _ =>
            {
                _incident.ResolvedAt = null;
                _incident.ClosedAt = null;
            });

        _machine.OnTransitioned(t =>
        {
            if (t.IsReentry && t.Source == t.Destination && (t.Trigger is IncidentTrigger.Escalate or IncidentTrigger.Acknowledge))
            {
                return;
            }

            var context = (TransitionContext)t.Parameters[0];
            RecordTransition(t.Trigger, t.Source, t.Destination, context);
        });

        _machine.OnUnhandledTrigger((state, trigger, unmetGuards) =>
        {
            var allowed = ConfiguredTriggers.Select(Verb).ToList();
            var why = unmetGuards is { Count: > 0 }
                ? $" Condition not met: {string.Join("; ", unmetGuards)}."
                : string.Empty;
            var hint = trigger == IncidentTrigger.Resolve && !NoTrackInProgress()
                ? $" Tracks in progress: {string.Join(", ", _incident.Tracks.Where(x => x.State == TrackState.InProgress).Select(x => $"#{x.Number} {x.Kind}"))}; finish them or force-resolve with a reason."
                : string.Empty;
            throw new InvalidTransitionException(
                $"Cannot {Verb(trigger)} {_incident.Id}: it is {state}.{why}{hint} Allowed now: {(allowed.Count == 0 ? "none" : string.Join(", ", allowed))}.",
                state.ToString(),
                allowed);
        });
    }

    private void OnEscalate(TransitionContext context)
    {
        _incident.EscalationLevel++;
        RecordTransition(IncidentTrigger.Escalate, State, State, context, new() { ["level"] = _incident.EscalationLevel.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    private void OnAcknowledge(TransitionContext context)
    {
        _incident.AcknowledgedAt = _time.GetUtcNow();
        RecordTransition(IncidentTrigger.Acknowledge, State, State, context);
    }

    private void RecordTransition(IncidentTrigger trigger, IncidentState from, IncidentState to, TransitionContext context, Dictionary<string, string>? extra = null)
    {
        var data = extra ?? [];
        data["trigger"] = trigger.ToString();
        data["from"] = from.ToString();
        data["to"] = to.ToString();
        if (context.HasReason)
        {
            data["reason"] = context.Reason!;
        }

        var message = from == to
            ? $"{Verb(trigger)} ({from})"
            : $"{from} → {to} ({Verb(trigger)})";
        if (context.HasReason)
        {
            message += $": {context.Reason}";
        }

        _incident.Record(_time.GetUtcNow(), context.Actor, context.Source, "transition", message, data);
    }

    private bool NoTrackInProgress() => _incident.Tracks.TrueForAll(t => t.State != TrackState.InProgress);

    private bool PostMortemRequired() => _incident.Priority <= Priority.P2 && _incident.PostMortem is null;

    /// <summary>The trigger as a command word, e.g. <c>force-resolve</c>.</summary>
    public static string Verb(IncidentTrigger trigger) => CommandWords.ToKebab(trigger.ToString());
}
