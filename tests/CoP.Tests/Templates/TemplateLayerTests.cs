using CoP.Shared.Email;
using CoP.Shared.Templates;
using Microsoft.Extensions.Options;

namespace CoP.Tests.Templates;

/// <summary>The one template layer: how a language is chosen, and the one encoder and layout every mail shares.</summary>
public sealed class TemplateLayerTests
{
    [Theory]
    [InlineData("fr", "fr")]
    [InlineData("fr-BE", "fr")]
    [InlineData("es_ES", "es")]
    [InlineData("ES", "es")]
    [InlineData("de", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    public void FallsBackToEnglishWhenTheLanguageHasNoTemplates(string? tag, string expected)
    {
        Assert.Equal(expected, TemplateLanguages.Resolve(tag));
    }

    [Theory]
    [InlineData("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5", "fr")]
    [InlineData("de, es;q=0.5, fr;q=0.4", "es")]
    [InlineData("en;q=0.1, fr;q=0.9", "fr")]
    [InlineData("es-MX", "es")]
    [InlineData("fr;q=0, es;q=0", "en")]
    [InlineData("de, it", "en")]
    [InlineData("*", "en")]
    [InlineData("", "en")]
    [InlineData(null, "en")]
    [InlineData("fr;q=not-a-number", "en")]
    public void PicksTheLanguageTheBrowserRanksHighestWhenAcceptLanguageHasQValues(string? header, string expected)
    {
        Assert.Equal(expected, TemplateLanguages.FromAcceptLanguage(header));
    }

    [Fact]
    public void GivesTheEnglishTemplateWhenALanguageHasNoTranslation()
    {
        var template = LocalizedTemplate.Load(typeof(EmailComposer).Assembly, "CoP.Shared.Email.Templates", "confirmation", "subject");

        Assert.Same(template["en", "subject"], template["de", "subject"]);
        Assert.Same(template["en", "subject"], template[null, "subject"]);
        Assert.NotSame(template["en", "subject"], template["fr-CA", "subject"]);
    }

    [Fact]
    public void EncodesAScriptButKeepsAccentsReadableWhenAMailInsertsATitle()
    {
        const string Title = "<script>alert('x')</script> Étude & co";
        var composer = new EmailComposer(Options.Create(new EmailOptions()));

        var email = composer.Compose(EmailTemplate.DocumentPublished, "fr", new { Title, DocumentUrl = "https://cop.example.org/d/1" });

        Assert.DoesNotContain("<script", email.HtmlBody, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(LiquidTemplates.HtmlEncoder.Encode(Title), email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("Étude &amp; co", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains(Title, email.TextBody, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("fr")]
    [InlineData("es")]
    public void FramesTransactionalMailAndTheNewsletterInTheSameLayoutWhenEitherIsComposed(string language)
    {
        var email = new EmailComposer(Options.Create(new EmailOptions()))
            .Compose(EmailTemplate.DocumentPendingReview, language, new { Title = "Soil carbon" });
        var frame = MailLayout.Render(language, email.Subject, EmailOptions.DefaultCommunityName, "BODY");

        Assert.StartsWith(frame[..frame.IndexOf("BODY", StringComparison.Ordinal)], email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", email.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("max-width:600px", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowsThePagesOneStylesheetByItsHashWhenThePageLayoutRenders()
    {
        var layout = new PageLayout(Options.Create(new SiteOptions()), Options.Create(new EmailOptions()));
        var page = layout.Render(new PageFrame("es", "Título", "<p>x</p>"));

        var style = page[(page.IndexOf("<style>", StringComparison.Ordinal) + "<style>".Length)..page.IndexOf("</style>", StringComparison.Ordinal)];
        var hash = $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(style)))}'";
        Assert.Equal(layout.StyleHashSource, hash);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(page, "<style"));
        Assert.Contains("<html lang=\"es\">", page, StringComparison.Ordinal);
        Assert.Matches("<main id=\"main\">\\s*<h1>Título</h1>\\s*<p>x</p>\\s*</main>", page);
    }

    [Theory]
    [InlineData("Subject\n  with   spaces \n", "Subject with spaces")]
    [InlineData("  one\tline  ", "one line")]
    public void CollapsesWhitespaceToOneLineWhenRenderingASubjectOrTitle(string text, string expected)
    {
        Assert.Equal(expected, TemplateWhitespace.OneLine(text));
    }

    [Fact]
    public void KeepsOneBlankLineBetweenParagraphsWhenTidyingText()
    {
        Assert.Equal("first  line\n\nsecond\n", TemplateWhitespace.Tidy("\n\nfirst  line   \n\n\n  \nsecond\n\n"));
        Assert.Equal("<p>a</p>\n<p>b</p>", TemplateWhitespace.WithoutBlankLines("<p>a</p>\n   \n\n<p>b</p>\n"));
    }
}
