using Microsoft.Extensions.Logging;
using StudentCard.Central.Hosting;
using StudentCard.Core.Keys;

namespace StudentCard.Central.Keys;

/// <summary>Loads Central's key ring from Central:KeyFile; creates one only when the demo setting allows it.</summary>
public static class KeyRingLoader
{
    public static KeyRing Load(CentralOptions options, ILogger logger)
    {
        if (options.CreateKeysIfMissing && !File.Exists(options.KeyFile))
        {
            var generated = KeyRing.Generate();
            KeyFile.Write(options.KeyFile, generated);
            logger.LogWarning("Generated a new key file at {KeyFile} because Central:CreateKeysIfMissing is set (demo only)", options.KeyFile);
            return generated;
        }
        var ring = KeyFile.Read(options.KeyFile);
        logger.LogInformation("Loaded keys for purposes {Purposes}", string.Join(",", ring.Purposes.Select(p => p.Name())));
        return ring;
    }
}
