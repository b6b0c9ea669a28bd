// SPDX-License-Identifier: GPL-2.0
/*
 * fileeq FILE TEXT: exit 0 if the first line of FILE is TEXT, for plans
 * that run without a shell (tests/vm/guest/ktap-init.c), e.g.
 * "fileeq /sys/devices/system/cpu/possible 0-254".
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	char line[4096] = "";
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: fileeq FILE TEXT\n");
		return 2;
	}
	f = fopen(argv[1], "r");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	if (!fgets(line, sizeof(line), f))
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\n")] = '\0';
	if (strcmp(line, argv[2])) {
		printf("FAIL: %s is '%s', want '%s'\n", argv[1], line, argv[2]);
		return 1;
	}
	printf("ok: %s is '%s'\n", argv[1], line);
	return 0;
}
