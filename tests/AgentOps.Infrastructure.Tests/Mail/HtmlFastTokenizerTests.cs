using AgentOps.Infrastructure.Mail;

namespace AgentOps.Infrastructure.Tests.Mail;

public sealed class HtmlFastTokenizerTests
{
    [Theory]
    [InlineData("<html><head><title>Win &amp; more</title><style>p { color: red }</style></head><body><p>Hello&nbsp;there</p></body></html>")]
    [InlineData("<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.0 Transitional//EN\"><HTML><BODY>Paiements <B>bloqu&eacute;s</B> !!!<BR>Merci</BODY></HTML>")]
    [InlineData("<table><tr><td>a</td><td>b</td></tr><tr><TD>c</TD></tr></table><div>after</div>")]
    [InlineData("<blockquote>quoted<blockquote>twice</blockquote></blockquote>reply")]
    [InlineData("<p>one</p>\n\n\n<p></p><p></p><p>two</p><br><br><br>three")]
    [InlineData("<a href=\"http://x.test/?a=1&b=2\" title='it\"s > here'>link</a> <img src=x alt=a>b<br/>c<br / >d")]
    [InlineData("<font face=Arial size=2 color=#ff0000>red</font><font face=\"x\"size=3>tight</font><p class=a/b>slash</p>")]
    [InlineData("x < y and a<=b, 3<4 &lt;tag&gt; &#65;&#x42; &copy &amp;amp; & ; && end")]
    [InlineData("<!-- hidden --><!----><!--->text<!-- a -- b --!>more<!-- x --->end")]
    [InlineData("</>stray</p >end tag with space</P\n>done")]
    [InlineData("<textarea>a &amp; b <b>not bold</b></textarea><xmp><i>raw</i></xmp><title>t</title >after")]
    [InlineData("<style>a</styles></style x>b</STYLE>c</style>after")]
    [InlineData("<noscript><p>no script</p></noscript><iframe>frame</iframe>")]
    [InlineData("<P>Para<LI>item<H1>title</H1><PRE>  pre  </PRE><HR>rule")]
    [InlineData("tab\there\u00A0nbsp\u2003em<span>\n  spaced  \n</span>end")]
    [InlineData("<div attr = \"v\" other = 'w' bare = x empty=>content</div>")]
    [InlineData("&quot;quoted&quot; &nbsp;&nbsp;x &nbsp y &ampz &AMP; &lt;&gt &LT; &amp;nbsp; &quot x")]
    public void TryRead_CommonHtml_SameTextAsMimeKit(string html)
    {
        // Arrange
        var builder = new HtmlPlainTextBuilder(html.Length);

        // Act
        var read = HtmlFastTokenizer.TryRead(html, builder);

        // Assert
        Assert.True(read);
        Assert.Equal(HtmlText.ToPlainTextWithMimeKit(html), builder.Finish());
    }

    [Theory]
    [InlineData("<script>if (a < b) { document.write('<p>x</p>'); }</script>after")]
    [InlineData("<![CDATA[data]]>after")]
    [InlineData("<?xml version=\"1.0\"?><p>x</p>")]
    [InlineData("<! bogus comment>after")]
    [InlineData("<p>cut inside a tag <a href=\"x")]
    [InlineData("cut inside an entity &amp")]
    [InlineData("<plaintext><p>all text")]
    [InlineData("bogus end tag</ p>after")]
    public void TryRead_UncoveredHtml_GivesUpAndToPlainTextUsesMimeKit(string html)
    {
        // Arrange
        var builder = new HtmlPlainTextBuilder(html.Length);

        // Act
        var read = HtmlFastTokenizer.TryRead(html, builder);

        // Assert
        Assert.False(read);
        Assert.Equal(HtmlText.ToPlainTextWithMimeKit(html), HtmlText.ToPlainText(html));
    }

    [Fact]
    public void ToPlainText_AfterADocumentTheFastTokenizerGaveUpOn_NextDocumentStartsClean()
    {
        // Arrange
        const string uncovered = "<blockquote><p>quoted text</p><script>var x = 1;</script>";
        const string html = "<p>Paiements <b>bloqu&eacute;s</b></p><div>depuis 10h</div>";
        HtmlText.ToPlainText(uncovered);

        // Act
        var text = HtmlText.ToPlainText(html);

        // Assert
        Assert.Equal("Paiements bloqués\ndepuis 10h", text);
        Assert.Equal(HtmlText.ToPlainTextWithMimeKit(html), text);
    }

    [Fact]
    public void Finish_BuilderUsedForASecondDocument_GivesOnlyThatDocumentsText()
    {
        // Arrange
        var builder = new HtmlPlainTextBuilder(16);
        HtmlFastTokenizer.TryRead(string.Concat(Enumerable.Repeat("<blockquote><p>first document, long enough to grow the buffers</p>", 40)), builder);
        builder.Finish();

        // Act
        HtmlFastTokenizer.TryRead("<p>second</p>", builder);
        var text = builder.Finish();

        // Assert
        Assert.Equal("second", text);
    }
}
