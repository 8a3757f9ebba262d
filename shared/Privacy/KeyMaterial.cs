namespace CoP.Shared.Privacy;

/// <summary>Decodes secret keys given as base64 in configuration.</summary>
public static class KeyMaterial
{
    public static bool TryDecode(string? base64, out byte[] key)
    {
        key = [];
        if (string.IsNullOrWhiteSpace(base64))
        {
            return false;
        }

        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64.Trim(), buffer, out var written))
        {
            return false;
        }

        key = buffer[..written];
        return true;
    }
}
