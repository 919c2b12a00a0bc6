namespace AgentOps.Infrastructure.Diagnostics.Drills;

/// <summary>Thread-safe counts of a drill's client load.</summary>
internal sealed class LoadCounters
{
    private long _ok;
    private long _failed;
    private string? _firstError;

    public long Ok => Interlocked.Read(ref _ok);

    public long Failed => Interlocked.Read(ref _failed);

    public string? FirstError => Volatile.Read(ref _firstError);

    public void Success() => Interlocked.Increment(ref _ok);

    public void Failure(string message)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.CompareExchange(ref _firstError, message, null);
    }

    public override string ToString() => $"{Ok} requests ok, {Failed} failed{(FirstError is null ? string.Empty : $" (first error: {FirstError})")}";
}
