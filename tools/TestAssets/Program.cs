using System.Diagnostics;
using System.Globalization;
using HlsEncoder.TestAssets;

const string Usage = "usage: TestAssets tiny-model <path> [--seed N]";

if (args is not ["tiny-model", var path, .. var options] || !TryReadSeed(options, out int seed))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var stopwatch = Stopwatch.StartNew();
TinyWhisperModel.Write(path, seed);
Console.WriteLine($"{Path.GetFullPath(path)}: {new FileInfo(path).Length} bytes, seed {seed}, {stopwatch.ElapsedMilliseconds} ms");
return 0;

static bool TryReadSeed(string[] options, out int seed)
{
    seed = 1;
    return options switch
    {
        [] => true,
        ["--seed", var value] => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed),
        _ => false,
    };
}
