namespace AgentOps.Host.Server.Dashboard;

/// <summary>Helpers to write markup safely.</summary>
public static class Html
{
    /// <summary>Markup from an interpolated string whose holes are all HTML-encoded (except fragments).</summary>
    public static HtmlFragment Format(ref HtmlInterpolatedStringHandler handler) => handler.ToFragment();

    /// <summary>The fragments of <paramref name="items"/>, joined.</summary>
    public static HtmlFragment Each<T>(IEnumerable<T> items, Func<T, HtmlFragment> render) => HtmlFragment.Join(items.Select(render));

    /// <summary><paramref name="fragment"/> when <paramref name="condition"/> holds, else nothing.</summary>
    public static HtmlFragment If(bool condition, HtmlFragment fragment) => condition ? fragment : HtmlFragment.Empty;

    /// <summary>An incident page path, e.g. <c>/incidents/INC-2026-0001</c> (the id escaped).</summary>
    public static string IncidentPath(string incidentId) => $"/incidents/{Uri.EscapeDataString(incidentId)}";
}
