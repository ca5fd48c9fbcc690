using HlsEncoder.Transcription;

namespace HlsEncoder.Tests.Transcription;

public sealed class WhisperModelResolverTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hlsenc-resolve-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_cache_folder_follows_the_setting_then_xdg_then_home()
    {
        Assert.Equal(Path.Combine(_folder, "models"), WhisperModelCache.ResolveFolder(Path.Combine(_folder, "models") + Path.DirectorySeparatorChar, _ => null));
        if (OperatingSystem.IsWindows())
        {
            Assert.Equal(@"C:\Users\ana\AppData\Local\HlsEncoder\models", WhisperModelCache.ResolveFolder(null, v => v == "LOCALAPPDATA" ? @"C:\Users\ana\AppData\Local" : null));
            return;
        }

        Assert.Equal("/var/cache/me/HlsEncoder/models", WhisperModelCache.ResolveFolder(null, v => v switch { "XDG_CACHE_HOME" => "/var/cache/me", "HOME" => "/home/ana", _ => null }));
        Assert.Equal("/home/ana/.cache/HlsEncoder/models", WhisperModelCache.ResolveFolder(null, v => v switch { "XDG_CACHE_HOME" => "relative/cache", "HOME" => "/home/ana", _ => null }));
        Assert.Equal("/home/ana/.cache/HlsEncoder/models", WhisperModelCache.ResolveFolder("  ", v => v == "HOME" ? "/home/ana" : null));
    }

    [Fact]
    public void Picks_model_then_model_name_then_the_setting_then_base_in_the_cache()
    {
        var explicitModel = Touch("mine/ggml-small.en.bin");
        var cached = Touch("ggml-tiny.bin");
        var setting = Touch("setting.bin");
        var fallback = Touch("ggml-base.bin");

        Assert.Equal(new WhisperModelChoice(explicitModel, "small.en", "-Model"), WhisperModelResolver.Resolve(explicitModel, null, setting, _folder));
        Assert.Equal(new WhisperModelChoice(cached, "tiny", "-ModelName"), WhisperModelResolver.Resolve(null, "TINY", setting, _folder));
        Assert.Equal(new WhisperModelChoice(setting, "setting.bin", "WHISPER_MODEL_PATH"), WhisperModelResolver.Resolve(null, null, setting, _folder));
        Assert.Equal(new WhisperModelChoice(fallback, "base", "default"), WhisperModelResolver.Resolve(null, null, null, _folder));
    }

    [Fact]
    public void A_missing_model_says_which_setting_named_it_and_how_to_get_one()
    {
        var byName = Missing(() => WhisperModelResolver.Resolve(null, "small", null, _folder));
        Assert.Contains($"'small' is not in the model cache ({_folder})", byName.Message, StringComparison.Ordinal);
        Assert.Contains("Save-WhisperModel -ModelName small", byName.Message, StringComparison.Ordinal);

        Assert.Contains("WHISPER_MODEL_PATH names", Missing(() => WhisperModelResolver.Resolve(null, null, Path.Combine(_folder, "gone.bin"), _folder)).Message, StringComparison.Ordinal);
        Assert.Contains("(-Model) does not exist", Missing(() => WhisperModelResolver.Resolve(Path.Combine(_folder, "gone.bin"), null, null, _folder)).Message, StringComparison.Ordinal);
        var nothing = Missing(() => WhisperModelResolver.Resolve(null, null, null, _folder));
        Assert.Contains("No Whisper model is set", nothing.Message, StringComparison.Ordinal);
        Assert.Contains("Save-WhisperModel -ModelName base", nothing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_and_model_name_together_or_a_path_as_name_are_refused()
    {
        Assert.Equal("ModelParametersConflict", Assert.Throws<HlsEncoderException>(() => WhisperModelResolver.Resolve("a.bin", "base", null, _folder)).ErrorId);
        Assert.Equal("InvalidModelName", Assert.Throws<HlsEncoderException>(() => WhisperModelResolver.Resolve(null, "../../etc/passwd", null, _folder)).ErrorId);
    }

    [Theory]
    [InlineData("base", "ggml-base.bin", null)]
    [InlineData("Large-V3-Turbo", "ggml-large-v3-turbo.bin", null)]
    [InlineData("base-q8_0", "ggml-base-q8_0.bin", null)]
    [InlineData("../base", null, "is not a model name")]
    [InlineData("base bin", null, "is not a model name")]
    [InlineData("", null, "is not a model name")]
    public void Model_names_map_to_file_names_in_the_cache(string name, string? fileName, string? problem)
    {
        Assert.Equal(problem is null, WhisperModelCatalog.CheckName(name) is null);
        if (fileName is not null)
        {
            Assert.Equal(fileName, WhisperModelCatalog.FileName(name));
            Assert.Equal(name.ToLowerInvariant(), WhisperModelCatalog.NameFromFile(fileName));
        }
        else
        {
            Assert.Contains(problem!, WhisperModelCatalog.CheckName(name), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_known_model_has_a_published_sha1()
    {
        Assert.Contains("base", WhisperModelCatalog.Names);
        Assert.All(WhisperModelCatalog.Known, m => Assert.Matches("^[0-9a-f]{40}$", m.Sha1));
        Assert.Equal(WhisperModelCatalog.Known.Count, WhisperModelCatalog.Known.Select(m => m.Sha1).Distinct().Count());
    }

    private static HlsEncoderException Missing(Action resolve)
    {
        var error = Assert.Throws<HlsEncoderException>(resolve);
        Assert.Equal("ModelNotFound", error.ErrorId);
        return error;
    }

    private string Touch(string relative)
    {
        var path = Path.Combine(_folder, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
        return path;
    }
}
