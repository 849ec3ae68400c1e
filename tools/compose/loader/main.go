// compose-load: reads a Docker Compose project the way Docker Compose does, with the compose
// specification's own loader (github.com/compose-spec/compose-go): several -f files merged,
// .env and --env-file interpolation (${VAR:-default}), env_file, extends, profiles. Prints one
// JSON document: the loaded project, the same project without interpolation (so the importer
// can tell which values came from variables), and the variables the env files defined.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/dotenv"
	"github.com/compose-spec/compose-go/v2/loader"
	"github.com/compose-spec/compose-go/v2/types"
)

type list []string

func (l *list) String() string     { return strings.Join(*l, ",") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

func load(files, envFiles, profiles []string, dir string, interpolate bool) (*types.Project, error) {
	opts := []cli.ProjectOptionsFn{cli.WithEnvFiles(envFiles...), cli.WithDotEnv, cli.WithProfiles(profiles), cli.WithInterpolation(interpolate)}
	if dir != "" {
		opts = append(opts, cli.WithWorkingDirectory(dir))
	}
	if !interpolate {
		opts = append(opts, cli.WithLoadOptions(func(o *loader.Options) { o.SkipValidation = true; o.SkipNormalization = true }))
	}
	po, err := cli.NewProjectOptions(files, opts...)
	if err != nil {
		return nil, err
	}
	return po.LoadProject(context.Background())
}

func main() {
	var envFiles, profiles list
	dir := flag.String("project-directory", "", "the project directory (default: the first file's)")
	flag.Var(&envFiles, "env-file", "an env file for interpolation (default .env); repeatable")
	flag.Var(&profiles, "profile", "a profile to enable; repeatable")
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		fmt.Fprintln(os.Stderr, "usage: compose-load [--project-directory D] [--env-file F]... [--profile P]... FILE...")
		os.Exit(2)
	}
	project, err := load(files, envFiles, profiles, *dir, true)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	raw, err := load(files, envFiles, profiles, *dir, false)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// the variables the env files define (not the process environment)
	fromFiles := map[string]bool{}
	po, err := cli.NewProjectOptions(files, cli.WithEnvFiles(envFiles...), cli.WithDotEnv)
	if err == nil {
		for k := range po.Environment {
			if _, inOs := os.LookupEnv(k); !inOs {
				fromFiles[k] = true
			}
		}
	}
	names := []string{}
	for k := range fromFiles {
		names = append(names, k)
	}
	// per service, the variables its env_file entries define (values come from files, not the compose file)
	fromEnvFile := map[string][]string{}
	for name, svc := range raw.Services {
		for _, f := range svc.EnvFiles {
			vars, err := dotenv.Read(f.Path)
			if err != nil {
				continue // a missing optional env file: the loader already decided
			}
			for k := range vars {
				fromEnvFile[name] = append(fromEnvFile[name], k)
			}
		}
	}
	out, err := json.Marshal(map[string]any{"project": project, "raw": raw, "envFileVariables": names, "serviceEnvFileVariables": fromEnvFile})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Stdout.Write(out)
}
