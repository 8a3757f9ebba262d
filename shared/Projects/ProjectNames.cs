using System.Collections.Frozen;
using System.Text;

namespace CoP.Shared.Projects;

/// <summary>
/// The wire names of the project enums, shared by requests, responses, CSV and storage: the member name in kebab case
/// (<c>CompostAndManure</c> is <c>compost-and-manure</c>, <c>GoldStandard</c> is <c>gold-standard</c>).
/// </summary>
public static class ProjectNames
{
    public static string Of<T>(T value)
        where T : struct, Enum => Names<T>.ToName[value];

    /// <summary>The value named <paramref name="name"/> (exactly, lowercase); false for anything else, numbers included.</summary>
    public static bool TryParse<T>(string? name, out T value)
        where T : struct, Enum
    {
        if (name is not null && Names<T>.ToValue.TryGetValue(name, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Every wire name of <typeparamref name="T"/>, in declaration order (for forms, filters and the OpenAPI enums).</summary>
    public static IReadOnlyList<string> All<T>()
        where T : struct, Enum => Names<T>.InOrder;

    private static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }

    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly IReadOnlyList<string> InOrder = [.. Enum.GetValues<T>().Select(v => Kebab(v.ToString()))];

        public static readonly FrozenDictionary<T, string> ToName = Enum.GetValues<T>().ToFrozenDictionary(v => v, v => Kebab(v.ToString()));

        public static readonly FrozenDictionary<string, T> ToValue = Enum.GetValues<T>().ToFrozenDictionary(v => Kebab(v.ToString()), v => v, StringComparer.Ordinal);
    }
}
