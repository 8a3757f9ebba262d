using System.Security.Cryptography;
using System.Text;
using Fluid;

namespace CoP.Shared.Templates;

/// <summary>
/// The frame of every HTML page the app serves (<c>Layouts/page.html.liquid</c>): <c>&lt;html lang&gt;</c>, a
/// <c>&lt;main&gt;</c> landmark under the title, no script and no external asset, and one inline stylesheet
/// (<c>Layouts/page.css</c>) that the Content-Security-Policy allows by its hash, <see cref="StyleHashSource"/>.
/// </summary>
public static class PageLayout
{
    private const string Folder = "CoP.Shared.Templates.Layouts";

    private static readonly IFluidTemplate Layout = LiquidTemplates.Parse(typeof(PageLayout).Assembly, $"{Folder}.page.html.liquid");

    /// <summary>The pages' one stylesheet, exactly as it appears between <c>&lt;style&gt;</c> and <c>&lt;/style&gt;</c>.</summary>
    public static readonly string Style = LiquidTemplates.Read(typeof(PageLayout).Assembly, $"{Folder}.page.css").Trim();

    /// <summary>The CSP source that allows the pages' one <c>&lt;style&gt;</c> element and no other.</summary>
    public static readonly string StyleHashSource = $"'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'";

    /// <summary>A complete HTML document in <paramref name="language"/> with <paramref name="title"/> and <paramref name="body"/> (already rendered HTML).</summary>
    public static string Render(string language, string title, string body)
    {
        var context = LiquidTemplates.NewContext(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Language"] = TemplateLanguages.Resolve(language),
            ["Title"] = title,
            ["Style"] = Style,
            ["Body"] = body,
        });
        return LiquidTemplates.Html(Layout, context);
    }
}
