using System.Globalization;
using System.Text;
using StudentCard.Core;
using StudentCard.Core.Synthetic;

namespace StudentCard.Demo;

/// <summary>Writes the simulated boards' tap scripts: pupils with and without a right to pass, and cards nobody enrolled.</summary>
public static class DemoTaps
{
    public static string Script(IReadOnlyList<SyntheticStudent> roster, ReaderType type, Random random, int taps = 6)
    {
        var script = new StringBuilder();
        for (var i = 0; i < taps; i++)
        {
            string uid;
            if (random.Next(8) == 0)
            {
                var stranger = new byte[4];
                random.NextBytes(stranger);
                stranger[0] = 0xF0;
                uid = Convert.ToHexString(stranger);
            }
            else
            {
                uid = Convert.ToHexString(roster[random.Next(roster.Count)].CardUid);
            }
            script.Append(CultureInfo.InvariantCulture, $"tap {uid} {250 + random.Next(400)}\n");
            script.Append(CultureInfo.InvariantCulture, $"wait {type switch { ReaderType.Bus => 1200, ReaderType.Library => 2500, _ => 900 } + random.Next(1500)}\n");
        }
        return script.ToString();
    }
}
