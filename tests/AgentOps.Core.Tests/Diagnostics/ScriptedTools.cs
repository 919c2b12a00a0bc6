using AgentOps.Core.Diagnostics;
using NSubstitute;

namespace AgentOps.Core.Tests.Diagnostics;

/// <summary>An <see cref="IToolInvoker"/> substitute answering each <c>plugin.function</c> with a fixed JSON text.</summary>
internal static class ScriptedTools
{
    public static IToolInvoker With(IReadOnlyDictionary<string, string> outputs)
    {
        var tools = Substitute.For<IToolInvoker>();
        tools.Has(Arg.Any<string>(), Arg.Any<string>()).Returns(c => outputs.ContainsKey($"{c.ArgAt<string>(0)}.{c.ArgAt<string>(1)}"));
        tools.InvokeAsync(Arg.Any<string>(), Arg.Any<string>(), Arg.Any<IReadOnlyDictionary<string, object?>>(), Arg.Any<CancellationToken>())
            .Returns(c => Task.FromResult(outputs[$"{c.ArgAt<string>(0)}.{c.ArgAt<string>(1)}"]));
        return tools;
    }
}
