#!/bin/sh

hexview --rebuild-theme-cache
