using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using Fluid;
using Fluid.Values;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Email;

/// <summary>
/// Renders the community's emails from Liquid templates embedded in this assembly
/// (<c>Templates/&lt;template&gt;.&lt;language&gt;.{subject,html,txt}.liquid</c>), parsed once. Values inserted in
/// the HTML part are HTML-encoded; the text part and the subject take them as they are. A language without a
/// translation falls back to English. Thread-safe: register as a singleton.
/// </summary>
public sealed class EmailComposer
{
    public const string DefaultLanguage = "en";

    /// <summary>Languages with a translation of every template.</summary>
    public static readonly IReadOnlyList<string> Languages = [DefaultLanguage, "fr", "es"];

    private static readonly FrozenDictionary<EmailTemplate, string[]> RequiredValues = new Dictionary<EmailTemplate, string[]>
    {
        [EmailTemplate.Confirmation] = ["ConfirmUrl", "ExpiresInDays", "CommunityName"],
        [EmailTemplate.AlreadyMember] = ["AccessUrl", "ExpiresInDays", "CommunityName"],
        [EmailTemplate.AccessLink] = ["AccessUrl", "ExpiresInMinutes", "CommunityName"],
        [EmailTemplate.EraseReceipt] = ["CommunityName", "ErasedAt"],
        [EmailTemplate.DocumentPublished] = ["Title", "DocumentUrl", "CommunityName"],
        [EmailTemplate.DocumentPendingReview] = ["Title", "CommunityName"],
        [EmailTemplate.DocumentRejected] = ["Title", "ReasonCode", "CommunityName"],
        [EmailTemplate.DocumentRemoved] = ["Title", "Reason", "CommunityName"],
    }.ToFrozenDictionary();

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ModelProperties = new();

    private readonly TemplateOptions _templateOptions = new()
    {
        CultureInfo = CultureInfo.InvariantCulture,

        // A misspelt variable must fail in the tests rather than leave a blank in a member's inbox.
        StrictVariables = true,
    };

    private readonly FrozenDictionary<(EmailTemplate Template, string Language), TemplateSet> _templates;
    private readonly IFluidTemplate _layout;
    private readonly string _communityName;

    public EmailComposer(IOptions<EmailOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _communityName = options.Value.CommunityName;
        var parser = new FluidParser();
        _layout = Parse(parser, "layout.html.liquid");
        var templates = new Dictionary<(EmailTemplate, string), TemplateSet>();
        foreach (var template in Enum.GetValues<EmailTemplate>())
        {
            foreach (var language in Languages)
            {
                var stem = $"{FileStem(template)}.{language}";
                templates[(template, language)] = new TemplateSet(
                    Parse(parser, $"{stem}.subject.liquid"),
                    Parse(parser, $"{stem}.html.liquid"),
                    Parse(parser, $"{stem}.txt.liquid"));
            }
        }

        _templates = templates.ToFrozenDictionary();
    }

    /// <summary>
    /// Renders <paramref name="template"/> in <paramref name="language"/> ("en", "fr", "es", or a tag such as
    /// "fr-BE"; anything else gives English). <paramref name="model"/> is a plain object or a dictionary with
    /// the values the template needs (see <see cref="EmailTemplate"/>).
    /// </summary>
    public ComposedEmail Compose(EmailTemplate template, string? language, object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!RequiredValues.TryGetValue(template, out var required))
        {
            throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown email template.");
        }

        var values = ReadModel(model);
        values.TryAdd("CommunityName", _communityName);
        CheckModel(template, required, values);

        var resolvedLanguage = ResolveLanguage(language);
        var set = _templates[(template, resolvedLanguage)];
        var context = NewContext(values);
        var subject = CollapseWhitespace(set.Subject.Render(context, NullEncoder.Default));
        var text = set.Text.Render(context, NullEncoder.Default).Trim() + "\n";
        var body = set.Html.Render(context, HtmlEncoder.Default);

        var layoutContext = NewContext(new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Language"] = resolvedLanguage,
            ["Subject"] = subject,
            ["CommunityName"] = values["CommunityName"],
            ["Body"] = body,
        });
        var html = _layout.Render(layoutContext, HtmlEncoder.Default);
        return new ComposedEmail(subject, html, text);
    }

    /// <summary>The language whose templates <see cref="Compose"/> uses for <paramref name="language"/>.</summary>
    public static string ResolveLanguage(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return DefaultLanguage;
        }

        var primary = language.Trim().Split('-', '_')[0].ToLowerInvariant();
        return Languages.Contains(primary, StringComparer.Ordinal) ? primary : DefaultLanguage;
    }

    private TemplateContext NewContext(Dictionary<string, object?> values)
    {
        var context = new TemplateContext(_templateOptions);
        foreach (var (name, value) in values)
        {
            context.SetValue(name, FluidValue.Create(value, _templateOptions));
        }

        return context;
    }

    private static void CheckModel(EmailTemplate template, string[] required, Dictionary<string, object?> model)
    {
        var values = model;
        var missing = required.Where(name => !values.TryGetValue(name, out var value) || value is null || (value is string text && text.Length == 0)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException($"The {template} email needs {string.Join(", ", missing)} in its model.", nameof(model));
        }

        // Links are the one value a template puts into an attribute: only absolute http(s) URLs belong there.
        foreach (var name in required.Where(name => name.EndsWith("Url", StringComparison.Ordinal)))
        {
            if (!Uri.TryCreate(Convert.ToString(values[name], CultureInfo.InvariantCulture), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
            {
                throw new ArgumentException($"{name} of the {template} email must be an absolute http(s) URL.", nameof(model));
            }
        }
    }

    private static Dictionary<string, object?> ReadModel(object model)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        switch (model)
        {
            case IDictionary dictionary:
                foreach (DictionaryEntry entry in dictionary)
                {
                    values[Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!] = entry.Value;
                }

                break;
            case IEnumerable<KeyValuePair<string, string>> pairs:
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }

                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (var (key, value) in pairs)
                {
                    values[key] = value;
                }

                break;
            default:
                var properties = ModelProperties.GetOrAdd(
                    model.GetType(),
                    type => [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0)]);
                foreach (var property in properties)
                {
                    values[property.Name] = property.GetValue(model);
                }

                break;
        }

        return values;
    }

    private static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string FileStem(EmailTemplate template) => template switch
    {
        EmailTemplate.Confirmation => "confirmation",
        EmailTemplate.AlreadyMember => "already-member",
        EmailTemplate.AccessLink => "access-link",
        EmailTemplate.EraseReceipt => "erase-receipt",
        EmailTemplate.DocumentPublished => "document-published",
        EmailTemplate.DocumentPendingReview => "document-pending-review",
        EmailTemplate.DocumentRejected => "document-rejected",
        EmailTemplate.DocumentRemoved => "document-removed",
        _ => throw new ArgumentOutOfRangeException(nameof(template), template, "Unknown email template."),
    };

    private static IFluidTemplate Parse(FluidParser parser, string fileName)
    {
        var resourceName = $"CoP.Shared.Email.Templates.{fileName}";
        using var stream = typeof(EmailComposer).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The email template {fileName} is not embedded in {typeof(EmailComposer).Assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        var source = reader.ReadToEnd();
        return parser.TryParse(source, out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The email template {fileName} does not parse: {error}");
    }

    private sealed record TemplateSet(IFluidTemplate Subject, IFluidTemplate Html, IFluidTemplate Text);
}
