namespace AgentOps.Core.Intake;

/// <summary>One raw email waiting for <see cref="IntakeService.ProcessBatchAsync(IReadOnlyList{IntakeItem}, CancellationToken)"/>.</summary>
/// <param name="Context">Where it comes from and the checkpoints to commit with it.</param>
/// <param name="Open">Opens its raw bytes; called once, possibly on another thread. An <see cref="IOException"/> or
/// <see cref="UnauthorizedAccessException"/> quarantines the item.</param>
public sealed record IntakeItem(IntakeContext Context, Func<Stream> Open);
