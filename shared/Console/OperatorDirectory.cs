using System.Collections.Frozen;
using CoP.Shared.Members;
using CoP.Shared.Privacy;
using Microsoft.Extensions.Options;

namespace CoP.Shared.Console;

/// <summary>
/// An operator of the console: <paramref name="Id"/> is a keyed hash of their address (stable, never the address), and
/// <paramref name="Label"/> the masked address the console and the audit log show (<c>ma…@example.org</c>).
/// </summary>
public sealed record Operator(string Id, string Label);

/// <summary>
/// Who may sign in to the console: the addresses of <see cref="ConsoleOptions.Operators"/>, hashed (keyed, as member
/// addresses are) when the app starts. The addresses themselves are not kept.
/// </summary>
public sealed class OperatorDirectory
{
    private readonly Pseudonymizer _pseudonymizer;
    private readonly FrozenSet<string> _ids;

    public OperatorDirectory(IOptions<ConsoleOptions> options, Pseudonymizer pseudonymizer)
    {
        ArgumentNullException.ThrowIfNull(options);
        _pseudonymizer = pseudonymizer;
        _ids = Split(options.Value.Operators)
            .Select(address => MemberRules.CheckEmail(address, out var normalized) is null ? IdOf(normalized) : null)
            .OfType<string>()
            .ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>How many operators the setting names.</summary>
    public int Count => _ids.Count;

    /// <summary>The operator with this address, or null for anyone else (and for what is not an address).</summary>
    public Operator? Find(string? address) =>
        MemberRules.CheckEmail(address, out var normalized) is null && _ids.Contains(IdOf(normalized))
            ? new Operator(IdOf(normalized), Mask(normalized.ToLowerInvariant()))
            : null;

    /// <summary>Whether the setting still names the operator of this id (one removed from it loses the console at once).</summary>
    public bool Contains(string operatorId) => _ids.Contains(operatorId);

    /// <summary>The addresses of a setting's value.</summary>
    public static IEnumerable<string> Split(string? value) =>
        (value ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>An address as the console shows it: the first two characters of the local part, then the domain.</summary>
    public static string Mask(string normalizedAddress)
    {
        var at = normalizedAddress.LastIndexOf('@');
        return at < 0 ? "…" : $"{normalizedAddress[..Math.Min(2, at)]}…{normalizedAddress[at..]}";
    }

    // Operators are matched whatever the case of their address as typed (mail providers ignore it).
    private string IdOf(string normalizedAddress) => _pseudonymizer.Hash("operator", normalizedAddress.ToLowerInvariant(), 16);
}
