using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Fluid;
using Fluid.Values;

namespace CoP.Shared.Templates;

/// <summary>
/// The one Liquid set-up of the product (Fluid), for mail, newsletter and HTML pages alike: one parser, one set of
/// options, one HTML encoder. Templates are embedded resources, parsed once at start-up; render them through
/// <see cref="Html"/>, <see cref="Text"/> or <see cref="OneLine"/>, so that whitespace is handled the same way everywhere.
/// </summary>
public static class LiquidTemplates
{
    /// <summary>
    /// Encodes every character that means something in HTML (<c>&lt; &gt; &amp; " '</c> and controls) but leaves letters of
    /// every script readable, so that accented names stay short and legible in the source of a mail or a page.
    /// </summary>
    public static readonly HtmlEncoder HtmlEncoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static readonly FluidParser Parser = new();

    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> ModelProperties = new();

    private static readonly TemplateOptions Options = new()
    {
        CultureInfo = CultureInfo.InvariantCulture,

        // A misspelt variable or filter must fail in the tests rather than leave a blank in an inbox or on a page.
        StrictVariables = true,
        StrictFilters = true,

        // Templates are ours and read only the view models their callers build for them.
        MemberAccessStrategy = new UnsafeMemberAccessStrategy(),
    };

    /// <summary>Parses the embedded resource <paramref name="resourceName"/> of <paramref name="assembly"/>, or throws if it is missing or does not parse.</summary>
    public static IFluidTemplate Parse(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Parser.TryParse(Read(assembly, resourceName), out var template, out var error)
            ? template
            : throw new InvalidOperationException($"The template {resourceName} does not parse: {error}");
    }

    /// <summary>True when <paramref name="assembly"/> embeds <paramref name="resourceName"/>.</summary>
    public static bool Exists(Assembly assembly, string resourceName) =>
        assembly.GetManifestResourceInfo(resourceName) is not null;

    /// <summary>The text of an embedded resource (a template or a stylesheet).</summary>
    public static string Read(Assembly assembly, string resourceName)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"{resourceName} is not embedded in {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// A context holding <paramref name="model"/>'s values as top-level variables: a dictionary's entries, or a plain
    /// object's public properties. Nested objects are read by their public properties.
    /// </summary>
    public static TemplateContext NewContext(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var context = new TemplateContext(Options);
        foreach (var (name, value) in Values(model))
        {
            Set(context, name, value);
        }

        return context;
    }

    /// <summary>Sets one variable of <paramref name="context"/>.</summary>
    public static void Set(TemplateContext context, string name, object? value)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.SetValue(name, value as FluidValue ?? FluidValue.Create(value, Options));
    }

    /// <summary>An HTML part: inserted values HTML-encoded, the blank lines left by tags removed.</summary>
    public static string Html(IFluidTemplate template, TemplateContext context) =>
        TemplateWhitespace.WithoutBlankLines(Render(template, context, HtmlEncoder));

    /// <summary>A plain-text part: values as they are, trailing spaces and runs of blank lines removed, one final line break.</summary>
    public static string Text(IFluidTemplate template, TemplateContext context) =>
        TemplateWhitespace.Tidy(Render(template, context, NullEncoder.Default));

    /// <summary>A subject or a title: values as they are, all whitespace collapsed to single spaces on one line.</summary>
    public static string OneLine(IFluidTemplate template, TemplateContext context) =>
        TemplateWhitespace.OneLine(Render(template, context, NullEncoder.Default));

    private static string Render(IFluidTemplate template, TemplateContext context, TextEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        return template.Render(context, encoder);
    }

    /// <summary>The values of a model: a dictionary's entries, or a plain object's readable public properties.</summary>
    public static Dictionary<string, object?> Values(object model)
    {
        ArgumentNullException.ThrowIfNull(model);
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
}
