using AgentOps.Host.Server.Dashboard;

namespace AgentOps.Dashboard.Tests.Server.Dashboard;

public sealed class SafeMarkdownTests
{
    [Fact]
    public void Render_PostMortemShapes_BecomeHeadingsListsTablesAndEmphasis()
    {
        // Arrange
        var markdown = "# Post-mortem\n\n_Blameless review._\n\n## Summary\n\n- **Root cause**: expired key\n- `kubectl` restart\n\n1. first\n2. second\n\n| # | Who |\n|---|---|\n| 1 | alice |\n\n> quoted";

        // Act
        var html = SafeMarkdown.Render(markdown).Value;

        // Assert
        Assert.Contains("<h3>Post-mortem</h3>", html, StringComparison.Ordinal);
        Assert.Contains("<p><em>Blameless review.</em></p>", html, StringComparison.Ordinal);
        Assert.Contains("<h4>Summary</h4>", html, StringComparison.Ordinal);
        Assert.Contains("<ul>\n<li><strong>Root cause</strong>: expired key</li>\n<li><code>kubectl</code> restart</li>\n</ul>", html, StringComparison.Ordinal);
        Assert.Contains("<ol>\n<li>first</li>\n<li>second</li>\n</ol>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><th>#</th><th>Who</th></tr>\n<tr><td>1</td><td>alice</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<blockquote>quoted</blockquote>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;")]
    [InlineData("**<img src=x onerror=alert(1)>**", "<strong>&lt;img src=x onerror=alert(1)&gt;</strong>")]
    [InlineData("| <b>x</b> |", "<td>&lt;b&gt;x&lt;/b&gt;</td>")]
    [InlineData("```\n<script>\n```", "<pre><code>&lt;script&gt;</code></pre>")]
    [InlineData("[click](javascript:alert(1))", "<p>click)</p>")]
    [InlineData("[x](https://a.example/\"onmouseover=\"alert(1))", "href=\"https://a.example/&quot;onmouseover=&quot;alert(1\"")]
    public void Render_HostileMarkdown_IsEncodedNeverExecutable(string markdown, string expected)
    {
        // Act
        var html = SafeMarkdown.Render(markdown).Value;

        // Assert
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("href=\"javascript", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"onmouseover", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_HttpsLink_BecomesAnAnchorWithoutReferrer()
    {
        // Act
        var html = SafeMarkdown.Render("See [Stripe docs](https://stripe.com/docs/keys?a=1&b=2).").Value;

        // Assert
        Assert.Equal("<p>See <a href=\"https://stripe.com/docs/keys?a=1&amp;b=2\" rel=\"noopener noreferrer\">Stripe docs</a>.</p>\n", html);
    }

    [Fact]
    public void Render_Null_IsEmpty()
    {
        // Act
        var html = SafeMarkdown.Render(null);

        // Assert
        Assert.Equal(string.Empty, html.Value);
    }
}
