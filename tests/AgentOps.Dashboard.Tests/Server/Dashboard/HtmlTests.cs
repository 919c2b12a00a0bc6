using AgentOps.Host.Server.Dashboard;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

public sealed class HtmlTests
{
    [Fact]
    public void Format_HostileHole_IsEncodedWhileLiteralMarkupStays()
    {
        // Arrange
        var title = "<script>alert('x')</script> & \"quotes\"";

        // Act
        var html = Html.Format($"<h1 title=\"{title}\">{title}</h1>").Value;

        // Assert
        Assert.Equal("<h1 title=\"&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;\">&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;quotes&quot;</h1>", html);
    }

    [Fact]
    public void Format_FragmentHole_IsWrittenAsIs()
    {
        // Arrange
        var inner = Html.Format($"<b>{"<i>"}</b>");

        // Act
        var html = Html.Format($"<p>{inner}</p>").Value;

        // Assert
        Assert.Equal("<p><b>&lt;i&gt;</b></p>", html);
    }

    [Fact]
    public void Format_AccentsAndNumbers_StayReadableAndInvariant()
    {
        // Arrange
        var culture = Thread.CurrentThread.CurrentCulture;
        Thread.CurrentThread.CurrentCulture = new System.Globalization.CultureInfo("fr-FR");

        // Act
        var html = Html.Format($"<p>{"Paiements bloqués"} {0.95:0.00}</p>").Value;
        Thread.CurrentThread.CurrentCulture = culture;

        // Assert
        Assert.Equal("<p>Paiements bloqués 0.95</p>", html);
    }

    [Fact]
    public void IncidentPath_IdWithSlashes_IsEscaped()
    {
        // Act
        var path = Html.IncidentPath("INC/../x?y");

        // Assert
        Assert.Equal("/incidents/INC%2F..%2Fx%3Fy", path);
    }
}
