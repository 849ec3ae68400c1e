/**
 * `@crossarch/components/image`: multi-platform images with `@pulumi/docker-build` (one build
 * per platform, pushed by digest to every registry, joined by an index), and reading the
 * platforms an existing image's index holds.
 */
export * from "../image/multi-arch-image";
export * from "../image/read-platforms";
export { validateImageArgs } from "../image/validate";
export * from "../image/release-tag";
export * from "../image/registry-auth";
