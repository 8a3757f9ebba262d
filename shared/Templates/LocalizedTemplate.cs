using System.Collections.Frozen;
using System.Reflection;
using Fluid;

namespace CoP.Shared.Templates;

/// <summary>
/// One template in every language of <see cref="TemplateLanguages"/>, each in a few parts: the embedded resources
/// <c>{folder}.{name}.{language}.{part}.liquid</c> (for example <c>confirmation.fr.subject.liquid</c>), parsed once. A
/// language without its own file of a part falls back to the English one, which must exist. Thread-safe.
/// </summary>
public sealed class LocalizedTemplate
{
    private readonly FrozenDictionary<(string Language, string Part), IFluidTemplate> _parts;

    private LocalizedTemplate(string name, FrozenDictionary<(string Language, string Part), IFluidTemplate> parts)
    {
        Name = name;
        _parts = parts;
    }

    public string Name { get; }

    /// <summary>
    /// Loads <paramref name="name"/> from <paramref name="assembly"/>'s resources under <paramref name="folder"/> (a
    /// namespace-like prefix such as <c>CoP.Shared.Email.Templates</c>), in every language and each of <paramref name="parts"/>.
    /// </summary>
    public static LocalizedTemplate Load(Assembly assembly, string folder, string name, params string[] parts)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var loaded = new Dictionary<(string, string), IFluidTemplate>();
        foreach (var part in parts)
        {
            var english = LiquidTemplates.Parse(assembly, ResourceName(folder, name, TemplateLanguages.Default, part));
            foreach (var language in TemplateLanguages.All)
            {
                var resource = ResourceName(folder, name, language, part);
                loaded[(language, part)] = language == TemplateLanguages.Default || !LiquidTemplates.Exists(assembly, resource)
                    ? english
                    : LiquidTemplates.Parse(assembly, resource);
            }
        }

        return new LocalizedTemplate(name, loaded.ToFrozenDictionary());
    }

    /// <summary>The <paramref name="part"/> in <paramref name="language"/> (any tag: it is resolved, and unknown ones give English).</summary>
    public IFluidTemplate this[string? language, string part] =>
        _parts.TryGetValue((TemplateLanguages.Resolve(language), part), out var template)
            ? template
            : throw new ArgumentOutOfRangeException(nameof(part), part, $"The template {Name} has no {part} part.");

    private static string ResourceName(string folder, string name, string language, string part) =>
        $"{folder}.{name}.{language}.{part}.liquid";
}
