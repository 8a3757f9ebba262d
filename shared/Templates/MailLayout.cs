using Fluid;

namespace CoP.Shared.Templates;

/// <summary>
/// The frame of every HTML mail, transactional and newsletter alike (<c>Layouts/mail.html.liquid</c>): the document
/// head, one column of one width, the community's name above the body. Mail clients honour inline style attributes only.
/// </summary>
public static class MailLayout
{
    private static readonly IFluidTemplate Layout = LiquidTemplates.Parse(typeof(MailLayout).Assembly, "CoP.Shared.Templates.Layouts.mail.html.liquid");

    /// <summary>A complete HTML document around <paramref name="body"/> (already rendered HTML).</summary>
    public static string Render(string language, string subject, string communityName, string body)
    {
        var context = LiquidTemplates.NewContext(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Language"] = TemplateLanguages.Resolve(language),
            ["Subject"] = subject,
            ["CommunityName"] = communityName,
            ["Body"] = body,
        });
        return LiquidTemplates.Html(Layout, context);
    }
}
